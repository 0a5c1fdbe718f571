from django.urls import path  # noqa: F401  (each slice adds its pages below)

app_name = "supervision"

# Supervision visits (督导检查).
visit_patterns = []


# Campaigns (专项整治行动).
campaign_patterns = []


# Dispatched tasks and notices (任务下发, 通知).
dispatch_patterns = []


urlpatterns = visit_patterns + campaign_patterns + dispatch_patterns
