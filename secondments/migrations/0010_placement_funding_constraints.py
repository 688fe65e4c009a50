from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    # Apart from 0009: PostgreSQL will not alter a table in the transaction
    # that has just updated its rows (the deferred foreign key checks pending).
    dependencies = [
        ("secondments", "0009_placement_funding"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="placement",
            constraint=models.CheckConstraint(
                condition=~Q(funding_model="day_rate") | Q(day_rate__isnull=False),
                name="placement_day_rate_needs_amount",
            ),
        ),
        migrations.AddConstraint(
            model_name="placement",
            constraint=models.CheckConstraint(
                condition=Q(day_rate__isnull=True) | Q(day_rate__gte=0, day_rate__lte=2000),
                name="placement_day_rate_0_to_2000",
            ),
        ),
    ]
