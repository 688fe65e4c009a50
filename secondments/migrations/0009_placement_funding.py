from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def terms_from_the_request(apps, schema_editor):
    """Placements agreed before this kept no terms of their own: the request's
    are the best record of what was agreed."""
    Placement = apps.get_model("secondments", "Placement")
    HelpRequest = apps.get_model("secondments", "HelpRequest")
    request = HelpRequest.objects.filter(pk=OuterRef("help_request_id"))
    Placement.objects.update(
        funding_model=Subquery(request.values("funding_model")[:1]),
        day_rate=Subquery(request.values("day_rate")[:1]),
        funding_source="request",
    )
    # Only a day-rate placement has a rate: one left on a request after its
    # funding changed was never agreed.
    Placement.objects.exclude(funding_model="day_rate").update(day_rate=None)


class Migration(migrations.Migration):
    dependencies = [
        ("secondments", "0008_application_messages"),
    ]

    operations = [
        migrations.AddField(
            model_name="placement",
            name="funding_model",
            field=models.CharField(
                choices=[
                    ("home_funded", "Home borough pays"),
                    ("host_recharge", "Host recharges salary cost"),
                    ("day_rate", "Agreed day rate"),
                ],
                default="home_funded",
                max_length=20,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="placement",
            name="day_rate",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True),
        ),
        migrations.AddField(
            model_name="placement",
            name="funding_source",
            field=models.CharField(
                choices=[
                    ("agreement", "The agreement between the boroughs"),
                    ("request", "The help request"),
                ],
                default="request",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(terms_from_the_request, migrations.RunPython.noop),
    ]
