from django.http import HttpResponse

def _stub(request, *args, **kwargs):
    return HttpResponse("")

borough_list = borough_detail = staff_list = team_add = team_detail = team_edit = _stub
