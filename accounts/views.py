from django.http import HttpResponse

def _stub(request, *args, **kwargs):
    return HttpResponse("")

start = dashboard = accessibility = privacy = profile = profile_edit = availability_add = _stub
availability_edit = availability_remove = people = person_detail = person_verify = person_role = _stub
