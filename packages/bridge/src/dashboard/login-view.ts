import { html, type SafeHtml } from '@crvs-mosip/contracts';

/** The sign-in form; `token` binds it to the nonce cookie set with it (see SessionCodec.loginNonce). */
export function loginBody(token: string, next: string, problem: string | null): SafeHtml {
  return html`<div class="login">
    ${problem ? html`<p class="error" role="alert">${problem}</p>` : ''}
    <form method="post" action="/login">
      <input type="hidden" name="_csrf" value="${token}" />
      <input type="hidden" name="next" value="${next}" />
      <label for="key">API key with the <code>read</code> or <code>operate</code> scope</label>
      <input
        id="key"
        name="key"
        type="password"
        autocomplete="current-password"
        required
        placeholder="cmk_…"
      />
      <button type="submit">Sign in</button>
    </form>
    <p class="muted">
      Create one with <code>crvs-mosip keys create --name &lt;you&gt; --scopes read,operate</code>. With
      <code>npm start</code>, the demo key is in <code>.crvs-mosip/demo-api-key</code>.
    </p>
  </div>`;
}
