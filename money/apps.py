from django.apps import AppConfig


class MoneyConfig(AppConfig):
    name = "money"
    verbose_name = "Who pays: agreements, timesheets, statements and the ledger"

    def ready(self) -> None:
        from audit import registry
        from boroughs.models import Agreement, AgreementStatus
        from money.agreements.services import ACTIONS as AGREEMENT_ACTIONS

        registry.register(
            Agreement,
            label="Agreement",
            url_name="agreement_detail",
            states=AgreementStatus,
            actions=AGREEMENT_ACTIONS,
        )
