from django.apps import AppConfig


class MoneyConfig(AppConfig):
    name = "money"
    verbose_name = "Who pays: agreements, timesheets, statements and the ledger"

    def ready(self) -> None:
        from audit import registry
        from money.models import Timesheet, TimesheetStatus
        from money.timesheets.services import ACTIONS as TIMESHEET_ACTIONS

        registry.register(
            Timesheet,
            label="Timesheet",
            url_name="timesheet_detail",
            states=TimesheetStatus,
            actions=TIMESHEET_ACTIONS,
        )
        # --- Recharge statements and agency rates (money.statements) ---
        from money.models import AgencyDayRate, RechargeStatement, StatementStatus
        from money.statements.services import ACTIONS as STATEMENT_ACTIONS

        registry.register(
            RechargeStatement,
            label="Recharge statement",
            states=StatementStatus,
            actions=STATEMENT_ACTIONS,
        )
        registry.register(AgencyDayRate, label="Agency day rate")
        # --- end recharge statements ---
        from boroughs.models import Agreement, AgreementStatus
        from money.agreements.services import ACTIONS as AGREEMENT_ACTIONS

        registry.register(
            Agreement,
            label="Agreement",
            url_name="agreement_detail",
            states=AgreementStatus,
            actions=AGREEMENT_ACTIONS,
        )
