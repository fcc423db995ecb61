"""The national default texts of every letter kind (B1 Dutch). Municipalities may add their own."""

from django.db import migrations

from eropaf.letters.defaults import DEFAULTS, seed_default_templates

def install_default_templates(apps, schema_editor):
    seed_default_templates(apps.get_model("letters", "LetterTemplate"))


def remove_default_templates(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for kind, (title, _body) in DEFAULTS.items():
        LetterTemplate.objects.filter(municipality=None, kind=kind, title=title).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(install_default_templates, remove_default_templates)]
