"""The retention schedule (UK GDPR): how long each kind of personal data is kept.

Read by settings as RETENTION; the privacy notice shows it and
home/privacy/retention.py carries it out nightly. Each entry: what it covers,
when the clock starts ("after"), how long ("keep"), then "delete" or
"anonymise", and why. Financial records follow the Limitation Act 1980 (6
years to bring a claim on a contract or debt) plus the current year; the rest
is as short as the work allows. A label whose app is not installed is skipped.
"""

import datetime as _datetime

_YEAR = _datetime.timedelta(days=365)

RETENTION = {
    "accounts.User": {
        "what": "Accounts nobody has signed in to for 2 years",
        "after": "the last sign-in",
        "keep": 2 * _YEAR,
        "then": "anonymise",
        "why": "A person who has left their borough no longer needs an account; "
        "their name is replaced so the secondments they took part in still add up.",
    },
    "accounts.User:unconfirmed": {
        "what": "Sign-ups whose email address was never confirmed",
        "after": "signing up",
        "keep": _datetime.timedelta(days=30),
        "then": "delete",
        "why": "An unconfirmed sign-up may not be the person it names; 30 days is "
        "long enough to find the confirmation email.",
    },
    "accounts.WorkerProfile": {
        "what": "Social work profile: registration number, job level, specialisms, "
        "languages, boroughs you will work in",
        "after": "the account is anonymised",
        "keep": _datetime.timedelta(0),
        "then": "anonymise",
        "why": "Needed only while you can be matched to placements.",
    },
    "accounts.Availability": {
        "what": "Periods you said you were available",
        "after": "the period ends",
        "keep": _YEAR,
        "then": "delete",
        "why": "Past availability helps explain recent matches, then has no use.",
    },
    "accounts.CalendarFeed": {
        "what": "Calendar links (only a hash of the secret is kept)",
        "after": "the last time a calendar app used it",
        "keep": _YEAR,
        "then": "delete",
        "why": "A link no calendar has read for a year is forgotten.",
    },
    "accounts.CoordinatorRegion": {
        "what": "The regions a coordinator covers",
        "after": "the account is anonymised",
        "keep": _datetime.timedelta(0),
        "then": "delete",
        "why": "Needed only while the person coordinates.",
    },
    "accounts.ErasureRequest": {
        "what": "Requests to remove personal details, and the decision",
        "after": "the decision",
        "keep": 6 * _YEAR,
        "then": "delete",
        "why": "The record of how we handled a request under UK GDPR, kept as "
        "long as the audit trail in case of a complaint.",
    },
    "account.EmailAddress": {
        "what": "Email addresses you sign in with",
        "after": "the account is anonymised",
        "keep": _datetime.timedelta(0),
        "then": "delete",
        "why": "Needed only to sign in and to reach you.",
    },
    "mfa.Authenticator": {
        "what": "Two-factor authentication apps, security keys and recovery codes",
        "after": "the account is anonymised",
        "keep": _datetime.timedelta(0),
        "then": "delete",
        "why": "Needed only to sign in.",
    },
    "sessions.Session": {
        "what": "Signed-in sessions",
        "after": "the session expires (12 hours at most)",
        "keep": _datetime.timedelta(0),
        "then": "delete",
        "why": "An expired session cannot be used; keeping it would only keep data.",
    },
    "api.ApiToken": {
        "what": "API tokens (name, dates; only a hash of the secret is kept)",
        "after": "the token expires or is revoked",
        "keep": _YEAR,
        "then": "delete",
        "why": "Kept a year so a misuse report can still be traced to a token.",
    },
    "socialaccount.SocialAccount": {
        "what": "Links to your council's single sign-on account",
        "after": "the account is anonymised",
        "keep": _datetime.timedelta(0),
        "then": "delete",
        "why": "Needed only to sign in.",
    },
    "secondments.HelpRequest": {
        "what": "Supervisor names and reasons on help requests",
        "after": "the request's end date",
        "keep": 6 * _YEAR,
        "then": "anonymise",
        "why": "Requests explain the placements and payments made from them (Limitation Act 1980).",
    },
    "secondments.Application": {
        "what": "Offers of help and invitations that did not become placements, "
        "with their messages",
        "after": "the last change",
        "keep": 2 * _YEAR,
        "then": "delete",
        "why": "Long enough to answer a question or complaint about a decision; "
        "applications that became placements are kept with the placement.",
    },
    "secondments.Message": {
        "what": "Messages on an application",
        "after": "they were written",
        "keep": 2 * _YEAR,
        "then": "delete",
        "why": "Practical arrangements; no use once the placement is over.",
    },
    "secondments.Placement": {
        "what": "Placements: first-day contact details and notes",
        "after": "the placement ends",
        "keep": 6 * _YEAR,
        "then": "anonymise",
        "why": "Placements are what boroughs pay each other for (Limitation Act 1980); "
        "the contact details are cleared, the dates and days stay.",
    },
    "matching.Match": {
        "what": "Matches between you and help requests, and their reasons",
        "after": "they were worked out",
        "keep": _YEAR,
        "then": "delete",
        "why": "Matches are worked out again whenever a request or profile changes.",
    },
    "money.Timesheet": {
        "what": "Timesheets: the days you worked each week",
        "after": "the end of the financial year they fall in",
        "keep": 6 * _YEAR,
        "then": "delete",
        "why": "Financial records: 6 years plus the current year (Limitation Act 1980).",
    },
    "money.RechargeStatement": {
        "what": "Recharge statements between boroughs (they name each worker)",
        "after": "the end of the financial year they cover",
        "keep": 6 * _YEAR,
        "then": "anonymise",
        "why": "Financial records: 6 years plus the current year (Limitation Act 1980); "
        "then the names on them are replaced, the sums stay.",
    },
    "learning.Reference": {
        "what": "References from host boroughs on your work",
        "after": "the placement ends",
        "keep": 6 * _YEAR,
        "then": "delete",
        "why": "Employment references are kept as long as other employment records.",
    },
    "learning.PlacementRating": {
        "what": "Your ratings of host boroughs",
        "after": "the placement ends",
        "keep": 6 * _YEAR,
        "then": "delete",
        "why": "Kept with the placement; hosts only ever see totals.",
    },
    "learning.LearningReport": {
        "what": "Learning reports about placements",
        "after": "the placement ends",
        "keep": 6 * _YEAR,
        "then": "delete",
        "why": "Kept with the placement; an entry published in the practice "
        "library has no name on it and stays.",
    },
    "learning.Booking": {
        "what": "Bookings on learning events, and attendance",
        "after": "the event",
        "keep": 2 * _YEAR,
        "then": "delete",
        "why": "Evidence of continuing professional development for Social Work "
        "England renewal, which looks back over 2 years.",
    },
    "learning.SupervisionSession": {
        "what": "Supervision notes for newly qualified social workers",
        "after": "the session",
        "keep": 6 * _YEAR,
        "then": "delete",
        "why": "Records of supervision on placement, kept as other employment records.",
    },
    "pressure.CrisisOffer": {
        "what": "Offers of named workers to a crisis call, with notes and reasons",
        "after": "the offer was made",
        "keep": 2 * _YEAR,
        "then": "anonymise",
        "why": "The notes explain a decision for as long as it could be questioned; "
        "who was offered stays for the reports.",
    },
    # Records that name a person only as the manager or coordinator who acted.
    "learning.LearningEvent": {
        "what": "Learning events: who posted each one",
        "after": "the account is anonymised",
        "keep": _datetime.timedelta(0),
        "then": "anonymise",
        "why": "The event stays for those who attended; the poster's name is replaced "
        "when their account is.",
    },
    "boroughs.Agreement": {
        "what": "Agreements between boroughs: who proposed each one",
        "after": "the account is anonymised",
        "keep": _datetime.timedelta(0),
        "then": "anonymise",
        "why": "Agreements set what boroughs pay; the proposer's name is replaced "
        "when their account is.",
    },
    "boroughs.PressureReport": {
        "what": "Monthly pressure reports: who reported",
        "after": "the account is anonymised",
        "keep": _datetime.timedelta(0),
        "then": "anonymise",
        "why": "The figures are the borough's, not personal; the reporter's name is "
        "replaced when their account is.",
    },
    "pressure.CrisisCall": {
        "what": "Crisis calls: who raised and closed each one",
        "after": "the account is anonymised",
        "keep": _datetime.timedelta(0),
        "then": "anonymise",
        "why": "Calls explain the placements made from them; names are replaced "
        "when the account is.",
    },
    "pressure.CrisisAsk": {
        "what": "Each asked borough's answer to a crisis call: who answered",
        "after": "the account is anonymised",
        "keep": _datetime.timedelta(0),
        "then": "anonymise",
        "why": "The answer is the borough's; the name is replaced when the account is.",
    },
    "admin.LogEntry": {
        "what": "The admin site's own log of changes made there",
        "after": "the change",
        "keep": 6 * _YEAR,
        "then": "delete",
        "why": "Kept as long as the audit trail it complements.",
    },
    "notifications.Notification": {
        "what": "Notifications and the emails and texts sent for them",
        "after": "they were sent",
        "keep": _YEAR,
        "then": "delete",
        "why": "Messages about work in progress; the records they point to are kept "
        "on their own schedules.",
    },
    "notifications.NotificationPreference": {
        "what": "Your choice of emails and texts",
        "after": "the account is anonymised",
        "keep": _datetime.timedelta(0),
        "then": "delete",
        "why": "Needed only while you have an account.",
    },
    "audit.AuditEvent": {
        "what": "The audit trail: who changed what, and when (never the values)",
        "after": "the change",
        "keep": 6 * _YEAR,
        "then": "delete",
        "why": "Proof of who approved and paid for what, for as long as the "
        "financial records it explains (Limitation Act 1980).",
    },
}
