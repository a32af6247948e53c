from django.db import migrations, models

from archive.models.variants import learnt_variants


def learn_existing_names(apps, schema_editor):
    """Learn the solid spellings of the compound names already in the archive."""
    variant = apps.get_model("archive", "NameVariant")
    rows = []
    for model in ("Person", "Organisation"):
        for entity in apps.get_model("archive", model).objects.prefetch_related("aliases"):
            names = [entity.name, *(alias.name for alias in entity.aliases.all())]
            rows.extend(learnt_variants(variant, names))
    variant.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0015_article_sketches"),
    ]

    operations = [
        migrations.AddField(
            model_name="namevariant",
            name="automatic",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Added when a person's or organisation's name was saved: its compound word "
                    "written solid. Delete it if the two spellings are different names."
                ),
                verbose_name="learnt from a name",
            ),
        ),
        migrations.RunPython(learn_existing_names, migrations.RunPython.noop),
    ]
