"""The demo project's logos: simple marks drawn for the demo, not the real ones.

The project's is a wordmark with three rings (the capitals of culture and their SMEs);
the programme's a plain text mark. Both are SVG, the way a project office usually gets
its logos, so the demo shows the whole way an SVG goes: checked, served on the pages,
drawn on the sheets and badges, sent as a picture in the e-mails.
"""

PROJECT_LOGO = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 80" width="300" height="80">
  <title>ECoC-SME</title>
  <g fill="none" stroke-width="6">
    <circle cx="30" cy="40" r="20" stroke="#c2185b"/>
    <circle cx="52" cy="40" r="20" stroke="#1f4e79" stroke-opacity="0.9"/>
    <circle cx="74" cy="40" r="20" stroke="#f9a825" stroke-opacity="0.9"/>
  </g>
  <text x="104" y="47" font-family="DejaVu Sans, Arial, sans-serif" font-size="30"
        font-weight="bold" fill="#1f4e79">ECoC-SME</text>
  <text x="105" y="66" font-family="DejaVu Sans, Arial, sans-serif" font-size="11"
        fill="#59636e">culture · small firms · cities</text>
</svg>
"""

PROGRAMME_LOGO = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 260 80" width="260" height="80">
  <title>Interreg Europe</title>
  <path d="M176 66 Q210 50 250 58" fill="none" stroke="#2e7d32" stroke-width="4"
        stroke-linecap="round"/>
  <text x="12" y="52" font-family="DejaVu Sans, Arial, sans-serif" font-size="30"
        font-weight="bold" fill="#003399">Interreg</text>
  <text x="14" y="72" font-family="DejaVu Sans, Arial, sans-serif" font-size="15"
        fill="#003399">Europe</text>
  <circle cx="205" cy="28" r="7" fill="#2e7d32"/>
</svg>
"""
