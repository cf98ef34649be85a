from django.urls import path

from .views import projects

app_name = "designer"

urlpatterns = [
    path("", projects.project_list, name="project_list"),
    path("projects/<slug:slug>/", projects.project_detail, name="project"),
]
