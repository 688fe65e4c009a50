"""The reports as CSV: a header and rows of cells for each, the same figures
the pages show (numbers plain, no units; an empty cell where there is no
figure, such as a fill rate of nothing posted)."""

from collections.abc import Iterable

from config.csv_download import date, number, text
from pressure.reports.crisis import Answers, CrisisFigures
from pressure.reports.figures import FillRow, Flows, MonthRow, OpenRow, RequestFigures
from secondments.models import Urgency

type Table = tuple[list[str], Iterable[list[str]]]

ALL = "All boroughs"


def request_rows(figures: RequestFigures) -> Table:
    header = [
        "Borough",
        "Posted",
        "Filled",
        "Still open",
        "Ended unfilled",
        "Fill rate (%)",
        "Median days to fill",
        *(f"Open: {label}" for label in Urgency.labels),
    ]
    opened = {row.borough.pk: row for row in figures.open_rows}

    def line(name: str, row: FillRow, open_row: OpenRow | None) -> list[str]:
        counts = open_row.counts if open_row else [0] * len(Urgency.values)
        return [
            text(name),
            number(row.posted),
            number(row.filled),
            number(row.still_open),
            number(row.unfilled),
            number(row.fill_rate),
            number(row.median_days_to_fill),
            *(number(count) for count in counts),
        ]

    rows = [line(row.borough.name, row, opened.get(row.borough.pk)) for row in figures.rows]
    rows.append(line(ALL, figures.total, figures.open_total))
    return header, rows


def flow_rows(flows: Flows) -> Table:
    header = ["Lent by (home borough)", "Hosted by", "Signed-off days"]
    rows = [[text(f.lender.name), text(f.host.name), number(f.days)] for f in flows.flows]
    return header, rows


def trend_rows(months: list[MonthRow]) -> Table:
    header = ["Month", "Requests posted", "Requests filled", "Signed-off days"]
    rows = [
        [date(row.month)[:7], number(row.posted), number(row.filled), number(row.days)]
        for row in months
    ]
    return header, rows


ANSWER_HEADER = [
    "Boroughs asked",
    "Answered",
    "Offered someone",
    "Declined",
    "Not answered",
    "Response rate (%)",
    "Median days to answer",
    "People offered",
    "People agreed",
]


def _answers(answers: Answers) -> list[str]:
    return [
        number(answers.asked),
        number(answers.answered),
        number(answers.offered),
        number(answers.declined),
        number(answers.not_answered),
        number(answers.response_rate),
        number(answers.median_days_to_answer),
        number(answers.people_offered),
        number(answers.people_agreed),
    ]


def crisis_call_rows(figures: CrisisFigures) -> Table:
    header = ["Raised by", "Raised on", "People needed", "Status", *ANSWER_HEADER]
    rows = [
        [
            text(row.call.borough.name),
            date(row.call.created_at),
            number(row.call.people_needed),
            text(row.call.get_status_display()),
            *_answers(row.answers),
        ]
        for row in figures.calls
    ]
    rows.append([ALL, "", number(figures.people_needed), "", *_answers(figures.total)])
    return header, rows


def crisis_borough_rows(figures: CrisisFigures) -> Table:
    header = ["Asked borough", *ANSWER_HEADER]
    rows = [[text(row.borough.name), *_answers(row.answers)] for row in figures.by_borough]
    rows.append([ALL, *_answers(figures.by_borough_total)])
    return header, rows
