import django.db.models.functions.text
from django.db import migrations, models

NAME_MAX_LENGTH = 120


def rename_teams_differing_only_in_case(apps, schema_editor):
    """Keep the oldest team's name; call the others "Name (2)", "Name (3)", ...

    The new constraint cannot be added while two teams in one borough share a
    name ignoring case. Nobody's team changes, only what the later ones are called.
    """
    Team = apps.get_model("boroughs", "Team")
    teams = list(Team.objects.order_by("borough_id", "pk"))
    taken: dict[int, set[str]] = {}
    for team in teams:
        taken.setdefault(team.borough_id, set()).add(team.name.lower())
    kept: set[tuple[int, str]] = set()
    for team in teams:
        if (team.borough_id, team.name.lower()) not in kept:
            kept.add((team.borough_id, team.name.lower()))
            continue
        names = taken[team.borough_id]
        number = 2
        while True:
            suffix = f" ({number})"
            candidate = team.name[: NAME_MAX_LENGTH - len(suffix)] + suffix
            if candidate.lower() not in names:
                break
            number += 1
        names.add(candidate.lower())
        team.name = candidate
        team.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("boroughs", "0002_pressurereport"),
    ]

    operations = [
        migrations.RunPython(rename_teams_differing_only_in_case, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="team",
            name="team_name_unique_in_borough",
        ),
        migrations.AddConstraint(
            model_name="team",
            constraint=models.UniqueConstraint(
                models.F("borough"),
                django.db.models.functions.text.Lower("name"),
                name="team_name_unique_in_borough_ignoring_case",
                violation_error_message="A team with this name already exists in this borough",
            ),
        ),
    ]
