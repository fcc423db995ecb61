from django.db import migrations, models


class Migration(migrations.Migration):
    """The policy document as JSON text: jsonb reorders keys, and a rule's conditions keep their order."""

    dependencies = [
        ("triage", "0002_workload_setting"),
    ]

    operations = [
        migrations.AlterField(
            model_name="policyversion",
            name="document",
            field=models.TextField(verbose_name="policy"),
        ),
        migrations.RenameField(model_name="policyversion", old_name="document", new_name="document_json"),
        migrations.AlterField(
            model_name="policyversion",
            name="document_json",
            field=models.TextField(db_column="document", verbose_name="policy"),
        ),
    ]
