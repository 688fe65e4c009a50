from django.db import migrations

# A starting list for children's and adults' social work in England. Coordinators
# edit it in the admin; the migration only adds names that are missing.
SPECIALISMS = [
    ("Child protection", "children"),
    ("Children in need", "children"),
    ("Looked-after children", "children"),
    ("Care leavers", "children"),
    ("Fostering", "children"),
    ("Adoption", "children"),
    ("Court work and care proceedings", "children"),
    ("Disabled children", "children"),
    ("Youth justice", "children"),
    ("Child sexual exploitation", "children"),
    ("Unaccompanied asylum-seeking children", "children"),
    ("Early help", "children"),
    ("Front door and MASH", "children"),
    ("Residential care", "children"),
    ("Adult safeguarding", "adults"),
    ("Mental health (AMHP)", "adults"),
    ("Learning disabilities", "adults"),
    ("Older people", "adults"),
    ("Hospital discharge", "adults"),
    ("Deprivation of Liberty Safeguards", "adults"),
    ("Substance misuse", "both"),
    ("Domestic abuse", "both"),
    ("Transitions to adulthood", "both"),
    ("Practice education", "both"),
]


def add_specialisms(apps, schema_editor):
    Specialism = apps.get_model("accounts", "Specialism")
    for name, area in SPECIALISMS:
        Specialism.objects.get_or_create(name=name, defaults={"area": area})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(add_specialisms, migrations.RunPython.noop)]
