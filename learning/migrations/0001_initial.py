# The learning app's first migration holds nothing: each area's models come in
# their own migration after it.

from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("secondments", "0012_placement_daily_recharge"),
        ("boroughs", "0005_agreement_workflow"),
    ]

    operations: list = []
