# One image for web, worker and beat; docker-compose.yml chooses the command.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# gcc, libc6-dev and libpq-dev build psycopg2 (libpq stays for run time);
# nodejs and npm fetch GOV.UK Frontend and compile the Sass.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev nodejs npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install --upgrade pip \
    && pip install . \
    && rm -rf build *.egg-info

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY . .

# collectstatic only reads settings: a throwaway key and console email will do.
RUN npx --no -- sass --no-source-map --style=compressed --load-path=node_modules \
        static/scss/app.scss static/css/app.css \
    && DJANGO_SECRET_KEY=collectstatic-only EMAIL_URL=console:// \
        python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 --no-create-home secondments
USER secondments

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
