from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "migrights.governance"
    verbose_name = "Governance architecture"

    def ready(self) -> None:
        # The one loader serves governance files too: register their row schemas and scopes.
        from migrights.governance import loading
        from migrights.reference.importing import SCHEMAS, SCOPES

        SCHEMAS["memberships"] = loading.MEMBERSHIPS
        SCHEMAS["milestones"] = loading.MILESTONES
        SCOPES["memberships"] = loading.membership_scope
        SCOPES["milestones"] = loading.milestone_scope
        # country pages list the bodies a state belongs to (governance builds on reference, not the reverse)
        from migrights.governance.queries import country_memberships
        from migrights.reference.queries import COUNTRY_SECTIONS

        COUNTRY_SECTIONS["memberships"] = country_memberships
