from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and teams"

    def ready(self) -> None:
        from accounts.models import Role, User
        from audit import registry
        from boroughs.models import Agreement, Borough, RechargeSalary, Team
        from people.account import ACTIONS as ACCOUNT_ACTIONS
        from people.calendar import ACTIONS as CALENDAR_ACTIONS
        from people.recharge import ACTIONS as RECHARGE_ACTIONS
        from people.services import ACTIONS

        registry.register(User, label="Person", url_name="person_detail", states=Role)
        registry.register(Team, label="Team", url_name="team_detail")
        registry.register(RechargeSalary, label="Recharge salary", actions=RECHARGE_ACTIONS)
        registry.register_actions(ACTIONS)
        registry.register_actions(ACCOUNT_ACTIONS)
        registry.register_actions(CALENDAR_ACTIONS)
        # Where each record's authorities are, for a regional coordinator's log.
        registry.register_regions(User, "borough")
        registry.register_regions(Team, "borough")
        registry.register_regions(RechargeSalary, "borough")
        registry.register_regions(Borough, "")
        registry.register_regions(Agreement, "borough_a", "borough_b")
