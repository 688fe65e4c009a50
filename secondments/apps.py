from django.apps import AppConfig


class SecondmentsConfig(AppConfig):
    name = "secondments"
    verbose_name = "Secondments"
