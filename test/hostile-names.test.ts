import MarkdownIt from 'markdown-it';
import { Aspects, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Destination,
  AccessTest,
  ConnectorGroup,
  Port,
  Principal,
  PrivateAccessApplication,
  PrivateAccessChecks,
  PrivateAccessConditionalAccessPolicy,
  SshAdminAccess,
} from '../lib';
import { PlanReview } from '../lib/testing';
import { code, fenced, md, mermaidLabel } from '../lib/private/markdown';
import { logLine, logText } from '../lib/private/log-text';
import { tfLiteral, tokenLookalike } from '../lib/private/text';
import { errorOf, resources, synthObject, terraformEvaluates, testStack } from './util';

/** Names an attacker or a careless copy-paste could give, all of which Entra would store. */
const HOSTILE = {
  comment: 'Linux servers <!-- everything after this is hidden',
  fence: 'Ops ``` **Reviewed: no access granted** ```',
  heading: '# Reviewed ##',
  table: '| nobody | nothing |',
  link: '[approved](https://example.com) ![x](y)',
  html: '<b>bold</b> & <script>alert(1)</script>',
  math: '$\\text{no access}$',
  strike: '~~struck~~ *em* _em_ \\escaped',
  template: '${var.secret} %{if true}x%{endif}',
};

const md2html = new MarkdownIt({ html: true });

/** The text a reader sees in rendered HTML: tags removed, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('hostile names', () => {
  describe('are refused at synth when Entra would not store them or a reviewer cannot see them', () => {
    test.each([
      ['a newline', 'Linux servers (SSH)\n<!--', /contains the control character U\+000A/],
      ['a carriage return', 'Linux\rservers', /control character U\+000D/],
      ['a tab', 'Linux\tservers', /control character U\+0009/],
      ['NUL', 'Linux\u0000servers', /control character U\+0000/],
      ['a C1 control', 'Linux\u0085servers', /control character U\+0085/],
      ['a bidirectional override', 'Linux \u202eHSS', /control character U\+202E/],
      ['only spaces', '   ', /is empty or only white space or invisible characters/],
      ['only zero-width characters', '\u200b\u200d\ufeff', /is empty or only white space or invisible characters/],
      ['257 characters', 'x'.repeat(257), /is 257 characters long; Entra allows at most 256/],
    ])('an app display name with %s', (_, name, message) => {
      expect(errorOf(() => new PrivateAccessApplication(testStack(), 'App', { displayName: name }))).toMatch(message);
    });

    test('256 characters are accepted', () => {
      expect(new PrivateAccessApplication(testStack(), 'App', { displayName: 'x'.repeat(256) }).displayName).toHaveLength(256);
    });

    test.each([
      ['a connector group name', (s: TerraformStack) => new ConnectorGroup(s, 'Cg', { name: 'DC1\n# injected' }), /^test\/Cg: connector group name/],
      ['a group name', () => Principal.group('Linux Admins\n<!--'), /^group display name/],
      ['a UPN', () => Principal.user('alex\u0000@contoso.com'), /^user principal name/],
      ['a UPN over 113 characters', () => Principal.user(`${'a'.repeat(100)}@contoso.com.example`), /Entra allows at most 113/],
      ['a label', () => Principal.userId('00000000-0000-0000-0000-000000000001', 'break\nglass'), /^Principal.userId: label/],
      [
        'a policy display name',
        (s: TerraformStack) => {
          const app = new PrivateAccessApplication(s, 'App', { displayName: 'Servers' });
          return new PrivateAccessConditionalAccessPolicy(s, 'Policy', { displayName: 'MFA\u2028for all', applications: [app] });
        },
        /^test\/Policy: display name [^]* control character U\+2028/,
      ],
      [
        'an SshAdminAccess display name',
        (s: TerraformStack) => new SshAdminAccess(s, 'Ssh', { displayName: 'SSH\n', servers: [Destination.ipAddress('10.0.0.4')], principals: [Principal.group('Admins')] }),
        /^test\/Ssh: display name "SSH\\n" contains the control character U\+000A/,
      ],
    ])('%s with control characters or over the limit', (_, make, message) => {
      expect(errorOf(() => make(testStack()))).toMatch(message);
    });

    test('a suppression reason keeps no line breaks, and refuses other control characters', () => {
      const s = testStack();
      PrivateAccessChecks.suppress(s, 'EPA-CA-2', 'Workstations are\nnot enrolled yet (SEC-1)');
      expect(PrivateAccessChecks.suppressionFor(s, 'EPA-CA-2')?.reason).toBe('Workstations are not enrolled yet (SEC-1)');
      expect(errorOf(() => PrivateAccessChecks.suppress(s, 'EPA-CA-2', 'Workstations \u202eare not enrolled'))).toMatch(/U\+202E/);
    });
  });

  describe('render as the literal text in the review', () => {
    function hostileEstate(): TerraformStack {
      const s = testStack();
      const names = Object.values(HOSTILE);
      const group = new ConnectorGroup(s, 'Connectors', { name: HOSTILE.html });
      const apps = names.map(
        (name, i) =>
          new PrivateAccessApplication(s, `App${i}`, {
            displayName: name,
            connectorGroup: group,
            segments: [{ destination: Destination.parse(`10.9.${i}.0/24`), ports: [Port.SSH] }],
            principals: [Principal.group(`${name} admins`), Principal.userId('00000000-0000-0000-0000-00000000000' + i, `${HOSTILE.link} ${i}`)],
          }),
      );
      // The first app has no policy: the review must still say so, after a name that opens a comment.
      new PrivateAccessConditionalAccessPolicy(s, 'Mfa', {
        displayName: HOSTILE.fence,
        applications: apps.slice(1),
        excludePrincipals: [Principal.user('break<glass>@contoso.com')],
      });
      new AccessTest(s, 'Hostile|Test`', { principal: Principal.group(`${HOSTILE.comment} admins`), accept: ['10.9.0.4:22'] });
      PrivateAccessChecks.suppress(apps[0], 'EPA-CA-1', `${HOSTILE.comment} (SEC-9)`);
      Aspects.of(s).add(new PrivateAccessChecks());
      return s;
    }

    const review = PlanReview.accessReviewOf(hostileEstate());
    const html = md2html.render(review.markdown);
    const text = visibleText(html);

    test('every app, segment, assignee and policy is visible in the rendered HTML', () => {
      for (const app of review.document.applications) {
        expect(text).toContain(app.displayName);
        for (const segment of app.segments) {
          expect(text).toContain(segment.destination);
        }
        for (const principal of app.principals) {
          expect(text).toContain(principal.description);
        }
        for (const policy of app.conditionalAccess) {
          expect(text).toContain(policy.displayName);
          policy.excludes.forEach((x) => expect(text).toContain(x.description));
        }
      }
      expect(review.document.applications).toHaveLength(Object.keys(HOSTILE).length);
      expect(text).toContain('no policy targets this app.');
      expect(text).toContain(`${HOSTILE.comment} (SEC-9)`);
      expect(text).toContain('test/Hostile|Test`');
    });

    test('no name adds markup: one heading per app, no HTML, no emphasis, the diagram stays one code block', () => {
      const h2 = html.match(/<h2>/g) ?? [];
      expect(h2).toHaveLength(Object.keys(HOSTILE).length + 2); // the apps, "Access tests", "Diagram"
      expect(html).not.toMatch(/<!--|<b>|<script|<strong>Reviewed|<a |<img|<del>|<em>/);
      expect(html.match(/<pre>/g)).toHaveLength(1);
      expect(html).toContain('<pre><code class="language-mermaid">flowchart LR');
      expect(html.trimEnd().endsWith('</code></pre>')).toBe(true);
    });

    test('table cells keep their columns', () => {
      for (const row of review.markdown.split('\n').filter((l) => l.startsWith('| '))) {
        const cells = row.replace(/\\\|/g, '').split('|').length;
        expect([4, 6, 7, 8]).toContain(cells);
      }
    });
  });

  describe('escaping', () => {
    test('md() escapes Markdown and HTML, code() and fenced() outgrow any backtick run', () => {
      expect(md('a <b> & *c* | d # e')).toBe('a &lt;b&gt; &amp; \\*c\\* \\| d \\# e');
      expect(md('line\nbreak')).toBe('line<U+000A>break'.replace('<', '&lt;').replace('>', '&gt;'));
      expect(code('a ``b`` c')).toBe('```a ``b`` c```');
      expect(code('`x`')).toBe('`` `x` ``');
      expect(fenced('mermaid', ['A["````"]'])).toEqual(['`````mermaid', 'A["````"]', '`````']);
    });

    test('mermaidLabel() leaves no quote, backtick, entity or HTML', () => {
      expect(mermaidLabel('a "b" `c` #quot; <i>&</i>')).toBe("a 'b' 'c' ＃quot; ‹i›＆‹/i›");
    });
  });

  describe('stay literal in cdk.tf.json', () => {
    test('tfLiteral() escapes template sequences and keeps cdktf tokens', () => {
      expect(tfLiteral('${var.x} %{if} $$ %% $${y}')).toBe('$${var.x} %%{if} $$ %% $$${y}');
      const s = testStack();
      const app = new PrivateAccessApplication(s, 'App', { displayName: 'Servers' });
      const mixed = `${app.clientId} \${var.x}`;
      expect(tfLiteral(mixed)).toBe(`${app.clientId} $\${var.x}`);
    });

    test('Terraform reads every user-given name back as written', () => {
      const name = HOSTILE.template;
      const tf = synthObject((s) => {
        const app = new PrivateAccessApplication(s, 'App', {
          displayName: name,
          connectorGroup: new ConnectorGroup(s, 'Connectors', { name }),
          segments: [{ destination: Destination.parse('10.0.0.4'), ports: [Port.SSH] }],
          principals: [Principal.group(name), Principal.user('${a}%{b}@contoso.com')],
        });
        new PrivateAccessConditionalAccessPolicy(s, 'Mfa', { displayName: name, applications: [app] });
      });
      const written = {
        app: Object.values<any>(resources(tf, 'azuread_application_from_template'))[0].display_name,
        group: Object.values<any>(resources(tf, 'msgraph_resource')).find((r) => r.url.endsWith('connectorGroups')).body.name,
        policy: Object.values<any>(resources(tf, 'azuread_conditional_access_policy'))[0].display_name,
        lookup: Object.values<any>(tf.data.azuread_group)[0].display_name,
        upn: Object.values<any>(tf.data.azuread_user)[0].user_principal_name,
      };
      expect(terraformEvaluates(written)).toEqual({ app: name, group: name, policy: name, lookup: name, upn: '${a}%{b}@contoso.com' });
    });
  });

  describe('data that looks like a cdktf token', () => {
    test('tokenLookalike() finds every form cdktf resolves in a string, and nothing else', () => {
      const s = testStack();
      const v = new TerraformVariable(s, 'v', { type: 'string', sensitive: true });
      const forms = {
        string: v.stringValue,
        list: v.listValue[0],
        map: Object.keys(Token.asMap(v.value, 'x'))[0],
        number: `${v.numberValue}`,
      };
      for (const [form, token] of Object.entries(forms)) {
        expect([form, tokenLookalike(`Ops ${token} servers`)]).toEqual([form, token]);
      }
      expect(tokenLookalike('${TfToken[not closed')).toBe('${TfToken[not closed');
      expect(tokenLookalike(Token.STRING_MAP_TOKEN_VALUE)).toBe(Token.STRING_MAP_TOKEN_VALUE);
      for (const plain of ['${var.secret} %{if x}', '1e5.corp.contoso.com', '-1.5e+10', 'TfToken[TOKEN.0]', 'Linux servers (SSH)']) {
        expect([plain, tokenLookalike(plain)]).toEqual([plain, undefined]);
      }
    });
  });

  describe('in log lines', () => {
    test('logText() quotes a value so that it stays on its line, visible, and reads back as JSON', () => {
      const hostile = 'a\nwarning: forged\r\u2028\u2029\u0085\u0000\u001b[31m\u202eevil\u200b "q" \\ \ud800 Zürich 🚀';
      const text = logText(hostile);
      expect(text).toBe('"a\\nwarning: forged\\r\\u2028\\u2029\\u0085\\u0000\\u001b[31m\\u202eevil\\u200b \\"q\\" \\\\ \\ud800 Zürich 🚀"');
      expect(JSON.parse(text)).toBe(hostile);
      expect(logLine(`name ${JSON.stringify('x\u2028y')}`)).toBe('name "x\\u2028y"');
    });
  });
});
