"""On PostgreSQL a trigger refuses UPDATE and DELETE on the audit table.

SQLite (the embedded demo database) has no roles to protect it from; there the hash
chain and `openlead audit verify` detect tampering instead. TRUNCATE is left to
privileges (the application role should not hold it; see docs/deployment.md), because
Django's test runner empties tables with TRUNCATE.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION openlead_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'access_auditevent is append-only (%% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_auditevent_append_only
  BEFORE UPDATE OR DELETE ON access_auditevent
  FOR EACH ROW EXECUTE FUNCTION openlead_audit_append_only();
"""

PG_BACKWARD = """
DROP TRIGGER IF EXISTS access_auditevent_append_only ON access_auditevent;
DROP FUNCTION IF EXISTS openlead_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
