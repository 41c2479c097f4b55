# A token split over the elements of a list joined with the empty string.
TOKEN = "".join(["{{ghp[:9]}}", "{{ghp[9:]}}"])
OTHER = ''.join((
    'x-',
    '{{gho[:12]}}',
    '{{gho[12:]}}',
))
