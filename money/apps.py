from django.apps import AppConfig


class MoneyConfig(AppConfig):
    name = "money"
    verbose_name = "Who pays: agreements, timesheets, statements and the ledger"
