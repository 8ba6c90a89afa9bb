"""The statistics tables shared by the public page and the staff dashboard.

One template per table shape (reports by field or commune with the state buckets, on-time
results per lead unit, ratings per lead unit), so the two pages and the dashboard's polling
endpoint render the same headers, number formats and "—" for no data.
"""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()

NO_DATA = "—"


@register.filter(is_safe=True)
def one_decimal(value):
    """A rate or average with one decimal in the page's locale ("50,0"), "—" when none."""
    return floatformat(value, 1) or NO_DATA


@register.inclusion_tag("stats/tables/buckets.html")
def bucket_table(rows, *, caption, label, total=None):
    """Rows with a name, a total and the handled / in progress / returned buckets.

    ``label`` heads the name column; ``total`` (a summary with the same figures) adds the
    total row.
    """
    return {"rows": rows, "caption": caption, "label": label, "total": total}


@register.inclusion_tag("stats/tables/unit_on_time.html")
def unit_on_time_table(units, *, caption, handling_days=False, mark_overdue=False):
    """On-time results per lead unit; staff also see the average handling time and
    overdue counts marked."""
    return {
        "units": units,
        "caption": caption,
        "handling_days": handling_days,
        "mark_overdue": mark_overdue,
    }


@register.inclusion_tag("stats/tables/unit_satisfaction.html")
def unit_satisfaction_table(units, *, caption):
    """Reporters' ratings per lead unit; units without a rating are left out."""
    return {"units": units, "caption": caption}
