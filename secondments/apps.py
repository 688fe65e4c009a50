from django.apps import AppConfig


class SecondmentsConfig(AppConfig):
    name = "secondments"
    verbose_name = "Secondments"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from accounts.models import Specialism
        from audit import registry
        from boroughs.models import Borough
        from secondments.filter_selects import forget_filter_options

        # The browse filters' cached authority and specialism lists.
        for model in (Borough, Specialism):
            for signal in (post_save, post_delete):
                signal.connect(forget_filter_options, sender=model, dispatch_uid=f"filters-{model}")
        from secondments.models import (
            Application,
            ApplicationStatus,
            HelpRequest,
            Placement,
            PlacementStatus,
            RequestStatus,
        )

        registry.register(
            HelpRequest,
            label="Help request",
            url_name="request_detail",
            states=RequestStatus,
            actions={
                "request_created": "Help request created",
                "request_edited": "Help request changed",
                "request_published": "Help request published",
                "request_opened_for_crisis": "Crisis help request published with a crisis call",
                "request_filled": "Help request filled",
                "request_closed": "Help request closed",
                "request_cancelled": "Help request cancelled",
                "request_expired": "Help request expired",
                "request_reopened": "Help request reopened",
            },
        )
        registry.register(
            Application,
            label="Application",
            url_name="application_detail",
            states=ApplicationStatus,
            actions={
                "application_invited": "Worker invited",
                "application_interested": "Offer of help made",
                "application_selected": "Application selected",
                "application_declined": "Application declined",
                "application_released": "Worker released by home borough",
                "application_refused": "Release refused",
                "application_approved": "Application approved",
                "application_rejected": "Application rejected",
                "application_withdrawn": "Application withdrawn",
                "application_lapsed": "Application lapsed",
                "application_escalated": "Release escalated to coordinators",
                "application_message_posted": "Message sent",
                "application_released_in_advance": "Offer of help made, released in advance",
            },
        )
        registry.register(
            Placement,
            label="Placement",
            url_name="placement_detail",
            states=PlacementStatus,
            actions={
                "placement_confirmed": "Placement confirmed",
                "placement_active": "Placement started",
                "placement_completed": "Placement completed",
                "placement_cancelled": "Placement cancelled",
                "placement_details_changed": "First-day details changed",
            },
        )
        # Where each record's authorities are, for a regional coordinator's log.
        registry.register_regions(HelpRequest, "borough")
        registry.register_regions(Application, "help_request__borough", "worker__borough")
        registry.register_regions(Placement, "host", "home")
