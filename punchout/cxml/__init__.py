"""cXML and OCI: parsing untrusted documents safely, reading them into values, writing ours.

No database here: services turn these values into rows.
"""
