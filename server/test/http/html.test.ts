import { expect } from 'chai';
import { SafeHtml, html } from '../../src/http/html.js';

describe('html template', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const evil = `"><script>alert('x')</script>&`;
    expect(html`<a title="${evil}">${evil}</a>`.markup).to.equal(
      '<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</a>',
    );
  });

  it('keeps SafeHtml and nested templates as they are, joins arrays, drops null, undefined and false', () => {
    const items = ['<b>', 'ok'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}${new SafeHtml('<hr>')}`.markup).to.equal(
      '<ul><li>&lt;b&gt;</li><li>ok</li></ul>0<hr>',
    );
  });
});
