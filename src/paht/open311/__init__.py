"""Open311 GeoReport v2 at ``/open311/v2/``: a thin adapter over the citizens' submission
service and the report reads, in XML and JSON (DESIGN §4, ../shared/OPEN311.md).

Personal data is input-only: the reporter's name, phone, email and account go into
``citizen_report_submit`` and never come back out of any Open311 response.
"""
