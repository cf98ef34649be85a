from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # sign in, sign out, password change and reset: Django's own views
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("designer.urls")),
]
