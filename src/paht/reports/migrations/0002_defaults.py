from django.db import migrations

from paht.reports.defaults import load_defaults


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
