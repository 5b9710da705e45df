from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Scaffold page; replaced while the programs capability is built."""
    return render(request, "programs/home.html", {})
