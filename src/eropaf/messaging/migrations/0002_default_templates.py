from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from eropaf.messaging.defaults import seed_default_templates


def add_default_templates(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed_default_templates(apps.get_model("messaging", "MessageTemplate"))


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_initial")]

    operations = [migrations.RunPython(add_default_templates, migrations.RunPython.noop)]
