/**
 * Known XSS vectors for the hostile-capture test. `ID` stands for the vector's id and
 * `H` for the address of a local server that counts every request; a vector that runs
 * calls `__pwn(ID)` (an exposed binding in the test page) or `alert(ID)`, a vector that
 * loads something requests `H/ID…`.
 */
export interface Vector {
  id: string;
  category: string;
  html: string;
}

const RAW: [string, string][] = [
  ['script', `<script>__pwn('ID')</script>`],
  ['script', `<script src="H/ID.js"></script>`],
  ['script', `<SCRIPT>alert('ID')</SCRIPT>`],
  ['event handler', `<img src=x onerror="__pwn('ID')">`],
  ['event handler', `<img src=x onerror=&#95;&#95;pwn('ID')>`],
  ['event handler', `<body onload="__pwn('ID')">`],
  ['event handler', `<details open ontoggle="__pwn('ID')"><summary>More</summary>x</details>`],
  ['event handler', `<input autofocus onfocus="__pwn('ID')">`],
  ['event handler', `<marquee onstart="__pwn('ID')">news</marquee>`],
  ['event handler', `<div onmouseover="__pwn('ID')" style="position:fixed;inset:0">hover</div>`],
  ['javascript: URL', `<a href="javascript:__pwn('ID')">the report</a>`],
  ['javascript: URL', `<a href="JaVaScRiPt:__pwn('ID')">the report</a>`],
  ['javascript: URL', `<a href="&#106;avascript&#58;__pwn('ID')">the report</a>`],
  ['javascript: URL', `<a href="java\tscript:__pwn('ID')">the report</a>`],
  ['javascript: URL', `<a href=" javascript:__pwn('ID')">the report</a>`],
  ['javascript: URL', `<a href="vbscript:msgbox('ID')">the report</a>`],
  ['javascript: URL', `<form action="javascript:__pwn('ID')"><button formaction="javascript:__pwn('ID')">Send</button></form>`],
  ['javascript: URL', `<iframe src="javascript:parent.__pwn('ID')"></iframe>`],
  ['data: URL', `<a href="data:text/html,<script>__pwn('ID')</script>">the data</a>`],
  ['data: URL', `<iframe src="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd24oJ0lEJyk8L3NjcmlwdD4="></iframe>`],
  ['data: URL', `<object data="data:text/html,<script>__pwn('ID')</script>"></object>`],
  ['data: URL', `<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' onload='__pwn(1)'%3E%3Cimage href='H/ID-inner.png'/%3E%3C/svg%3E" alt="svg">`],
  ['data: URL', `<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`],
  ['SVG', `<svg><script>__pwn('ID')</script></svg>`],
  ['SVG', `<svg onload="__pwn('ID')"><circle r="5"/></svg>`],
  ['SVG', `<svg><a xlink:href="javascript:__pwn('ID')"><text x="0" y="15">svg link</text></a></svg>`],
  ['SVG', `<svg><animate onbegin="__pwn('ID')" attributeName="x" dur="1s"/></svg>`],
  ['SVG', `<svg><set attributeName="onmouseover" to="__pwn('ID')"/><image href="H/ID-image.png"/></svg>`],
  ['SVG', `<svg><foreignObject><iframe srcdoc="<script>parent.__pwn('ID')</script>"></iframe></foreignObject></svg>`],
  ['MathML', `<math><mtext><table><mglyph><style><img src=x onerror="__pwn('ID')"></style></mglyph></table></mtext></math>`],
  ['MathML', `<math href="javascript:__pwn('ID')"><mi>x</mi></math>`],
  ['MathML', `<math><maction actiontype="statusline" xlink:href="javascript:__pwn('ID')">click</maction></math>`],
  ['meta refresh', `<meta http-equiv="refresh" content="0;url=H/ID-refresh">`],
  ['meta refresh', `<meta http-equiv="refresh" content="0;url=javascript:__pwn('ID')">`],
  ['base', `<base href="H/ID-base/"><img src="relative.png" alt="relative">`],
  ['base', `<base href="javascript:__pwn('ID')//"><a href="x">relative link</a>`],
  ['CSS', `<link rel="stylesheet" href="H/ID.css">`],
  ['CSS', `<style>@import url("H/ID-import.css");</style>`],
  ['CSS', `<style>body{background:url("H/ID-bg.png")}</style>`],
  ['CSS', `<p style="background-image:url(H/ID-inline.png)">Styled paragraph about the harbour.</p>`],
  ['CSS', `<div style="background:url(javascript:__pwn('ID'));width:expression(__pwn('ID'))">old tricks</div>`],
  ['CSS', `<style>@font-face{font-family:x;src:url(H/ID-font.woff2)}body{font-family:x}</style>`],
  ['iframe srcdoc', `<iframe srcdoc="<script>parent.__pwn('ID')</script>"></iframe>`],
  ['iframe srcdoc', `<iframe srcdoc="&lt;img src=x onerror=parent.__pwn('ID')&gt;"></iframe>`],
  ['remote resource', `<img src="H/ID-img.png" alt="pixel">`],
  ['remote resource', `<img srcset="H/ID-srcset.png 2x" src="data:," alt="srcset">`],
  ['remote resource', `<video poster="H/ID-poster.png"><source src="H/ID.mp4"></video>`],
  ['remote resource', `<audio src="H/ID.mp3" autoplay></audio>`],
  ['remote resource', `<table background="H/ID-table.png"><tr><td>cell</td></tr></table>`],
  ['remote resource', `<input type="image" src="H/ID-input.png">`],
  ['remote resource', `<object data="H/ID-object"></object><embed src="H/ID-embed">`],
  ['remote resource', `<link rel="prefetch" href="H/ID-prefetch"><link rel="preload" as="image" href="H/ID-preload.png">`],
  ['mutation XSS', `<noscript><p title="</noscript><img src=x onerror=__pwn('ID')>"></noscript>`],
  ['mutation XSS', `<!--<img src="--><img src=x onerror=__pwn('ID')//">`],
  ['mutation XSS', `<textarea><img src=x onerror=__pwn('ID')></textarea>`],
  ['mutation XSS', `<xmp><img src=x onerror=__pwn('ID')></xmp>`],
  ['mutation XSS', `<svg></p><style><a id="</style><img src=1 onerror=__pwn('ID')>">`],
  ['mutation XSS', `<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=__pwn('ID') src>">`],
  ['mutation XSS', `<img src="x\` \`<script>__pwn('ID')</script>"\` \`>`],
  ['mutation XSS', `<a href="https://news.example/x" title="&quot;><img src=x onerror=__pwn('ID')>">quoted attribute</a>`],
];

export function vectors(server: string): Vector[] {
  return RAW.map(([category, html], i) => {
    const id = `v${String(i + 1).padStart(2, '0')}`;
    return { id, category, html: html.replaceAll('ID', id).replaceAll('H/', `${server}/`) };
  });
}
