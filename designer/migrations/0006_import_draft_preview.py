from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("designer", "0005_change_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="importdraft",
            name="counts",
            field=models.JSONField(default=dict),
        ),
        migrations.AddField(
            model_name="importdraft",
            name="tables",
            field=models.JSONField(default=list),
        ),
    ]
