from django.db import migrations

from paht.notify.defaults import load_templates


class Migration(migrations.Migration):
    dependencies = [("notify", "0001_initial")]

    operations = [migrations.RunPython(load_templates, migrations.RunPython.noop)]
