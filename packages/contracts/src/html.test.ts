import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw } from './html.ts';

describe('html', () => {
  it('should escape interpolated text, including attribute quotes', () => {
    const name = `<script>alert("x")</script> & 'y'`;
    const cell = html`<td title="${name}">${name}</td>`.toString();
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;';
    expect(cell).toBe(`<td title="${escaped}">${escaped}</td>`);
  });

  it('should nest fragments without escaping them twice and join arrays', () => {
    const rows = ['a<b', 'c'].map((v) => html`<li>${v}</li>`);
    const list = html`<ul>
      ${rows}
    </ul>`
      .toString()
      .replace(/\s+/g, '');
    expect(list).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
  });

  it('should render nothing for null, undefined and false but keep 0', () => {
    expect(html`[${null}${undefined}${false}${0}]`.toString()).toBe('[0]');
  });

  it('should keep raw markup as given', () => {
    expect(html`${raw('<b>x</b>')}`.toString()).toBe('<b>x</b>');
    expect(escapeHtml('"')).toBe('&quot;');
  });
});
