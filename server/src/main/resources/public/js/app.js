// Boxsync single-page app: hash router, sign-in, Box tree and forms, the open Box (sync state, modules), issue
// WBS panel and admin pages.
import { api, setCsrf, whenUnauthenticated, ApiError } from './api.js';
import { h, clear, when, ago, duration, isTyping } from './util.js';
import { Gantt } from './gantt.js';
import { Roadmap } from './roadmap.js';
import { Resources } from './resources.js';

const view = document.getElementById('view');
const alertBox = document.getElementById('alert');
const statusRegion = document.getElementById('status');
let me = null;
let current = null; // the active view's controller, disposed on navigation

export function showAlert(message, kind = 'error') {
  clear(alertBox,
    h('span.alert-text', {}, message),
    h('button.ghost.small', { type: 'button', 'aria-label': 'Dismiss message', onclick: hideAlert }, '×'));
  alertBox.className = `alert ${kind}`;
  alertBox.hidden = false;
}

export function hideAlert() {
  alertBox.hidden = true;
  alertBox.replaceChildren();
}

export function announce(message) {
  statusRegion.textContent = message;
}

function problemText(e) {
  if (e instanceof ApiError) {
    const fields = (e.problem.errors || []).map(f => `${f.field}: ${f.message}`).join('; ');
    return fields ? `${e.detail} (${fields})` : e.detail;
  }
  return String(e?.message || e);
}

export function reportError(e) {
  showAlert(problemText(e));
}

whenUnauthenticated(() => {
  me = null;
  setCsrf(null);
  if (!location.hash.startsWith('#/login')) location.hash = '#/login';
});

// ---- session -------------------------------------------------------------------------------------------------

async function loadSession() {
  try {
    const session = await api.get('/api/session');
    me = session.user;
    if (session.csrfToken) setCsrf(session.csrfToken);
  } catch {
    me = null;
  }
  renderChrome();
}

function renderChrome() {
  const nav = document.getElementById('nav');
  nav.hidden = !me;
  nav.querySelectorAll('[data-admin]').forEach(a => { a.hidden = !me?.admin; });
  document.getElementById('who').textContent = me ? me.displayName : '';
  document.getElementById('signout').hidden = !me;
  const route = location.hash;
  nav.querySelectorAll('a').forEach(a => {
    if (route.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

document.getElementById('signout').addEventListener('click', async () => {
  try { await api.del('/api/session'); } catch { /* signed out anyway */ }
  me = null;
  setCsrf(null);
  location.hash = '#/login';
});

function loginView() {
  const login = h('input#login', { name: 'login', autocomplete: 'username', required: true });
  const password = h('input#password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form.card.login', {
    onsubmit: async (event) => {
      event.preventDefault();
      hideAlert();
      try {
        const { data } = await api.post('/api/session', { login: login.value.trim(), password: password.value });
        me = data.user;
        setCsrf(data.csrfToken);
        renderChrome();
        location.hash = sessionStorage.getItem('boxsync.after') || '#/boxes';
        sessionStorage.removeItem('boxsync.after');
      } catch (e) {
        reportError(e);
        password.select();
      }
    },
  },
  h('h1', {}, 'Sign in to Boxsync'),
  h('label', { for: 'login' }, 'Login'), login,
  h('label', { for: 'password' }, 'Password'), password,
  h('button.primary#signin', { type: 'submit' }, 'Sign in'));
  clear(view, h('div.center', {}, form));
  login.focus();
}

// ---- router --------------------------------------------------------------------------------------------------

async function route() {
  current?.dispose?.();
  current = null;
  hideAlert();
  const hash = location.hash || '#/boxes';
  const parts = hash.slice(2).split('/').map(decodeURIComponent);
  if (parts[0] === 'login') {
    renderChrome();
    return loginView();
  }
  if (!me) await loadSession();
  if (!me) {
    sessionStorage.setItem('boxsync.after', hash);
    location.hash = '#/login';
    return;
  }
  renderChrome();
  try {
    if (parts[0] === 'boxes' && parts.length === 1) return await boxesView();
    if (parts[0] === 'boxes' && parts[1] === 'new') return await boxFormView(null);
    if (parts[0] === 'boxes' && parts[2] === 'edit') return await boxFormView(Number(parts[1]));
    if (parts[0] === 'boxes' && parts[1]) {
      current = new BoxView(Number(parts[1]), parts[2] || 'gantt');
      return await current.start();
    }
    if (parts[0] === 'issues' && parts[2]) return await issueView(Number(parts[1]), parts.slice(2).join('/'));
    if (parts[0] === 'admin' && parts[1] === 'connections') return await connectionsView();
    if (parts[0] === 'admin' && parts[1] === 'queue') return await queueView();
    if (parts[0] === 'admin' && parts[1] === 'users') return await usersView();
    clear(view, h('div.page', {}, h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/boxes' }, 'Back to Boxes'))));
  } catch (e) {
    reportError(e);
  }
}

window.addEventListener('hashchange', route);
// a module script runs after parsing: routing on both DOMContentLoaded and here opened every Box twice
if (document.readyState === 'loading') window.addEventListener('DOMContentLoaded', route, { once: true });
else route();

// ---- Box tree ------------------------------------------------------------------------------------------------

const HEALTH_TEXT = { OK: 'In sync', STALE: 'Stale', FLAGGED: 'Needs full sync', ERROR: 'Sync error', HELD: 'Run held' };

function healthBadge(health, running) {
  if (running) return h('span.badge.running', {}, 'Syncing…');
  return h(`span.badge.h-${(health || 'UNKNOWN').toLowerCase()}`, { title: `Sync health: ${health}` }, HEALTH_TEXT[health] || health || 'Unknown');
}

async function boxesView() {
  const boxes = await api.get('/api/boxes');
  const children = new Map();
  const ids = new Set(boxes.map(b => b.id));
  for (const box of boxes) {
    const parent = box.parentId && ids.has(box.parentId) ? box.parentId : 0;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(box);
  }
  const tree = (parent, level) => {
    const list = (children.get(parent) || []).sort((a, b) => a.name.localeCompare(b.name));
    if (!list.length) return null;
    return h('ul', { role: level === 1 ? 'tree' : 'group', 'aria-label': level === 1 ? 'Boxes' : null },
      list.map(box => h('li', { role: 'treeitem', 'aria-level': level, 'aria-expanded': children.has(box.id) ? 'true' : null },
        h('div.box-row', {},
          h('span.kind', {}, box.kind),
          h('a.box-name', { href: `#/boxes/${box.id}/gantt` }, box.name),
          h('span.muted.small', {}, box.status),
          box.scopeMode === 'OWN' ? healthBadge(box.sync?.health, box.sync?.running) : h('span.badge', {}, box.scopeMode === 'SUB' ? 'Sub-scope' : 'No scope'),
          h('span.muted.small', { title: box.sync?.lastFullSync ? when(box.sync.lastFullSync) : '' }, `Last full sync ${ago(box.sync?.lastFullSync)}`),
          h('span.grow'),
          (me.admin || box.role === 'ADMIN') ? h('a.button.ghost.small', { href: `#/boxes/${box.id}/edit` }, 'Configure') : null),
        tree(box.id, level + 1))));
  };
  clear(view, h('div.page', {},
    h('div.page-head', {}, h('h1', {}, 'Boxes'), h('span.grow'),
      me.admin ? h('a.button.primary', { href: '#/boxes/new' }, 'New Box') : null),
    boxes.length ? tree(0, 1) : h('p.empty', {}, me.admin ? 'No Boxes yet. Create the first one.' : 'You are not a member of any Box yet.')));
}

// ---- Box form ------------------------------------------------------------------------------------------------

const SOURCE_KINDS = ['PROJECT', 'SAVED_FILTER', 'BOARD', 'LIST', 'LABEL', 'QUERY'];
const BUILDER_KINDS = ['PROJECT', 'VERSION', 'COMPONENT', 'SPRINT', 'EPIC', 'PARENT', 'LINK'];
export const TASK_MODES = ['AUTO_BASIC', 'AUTO_BOTTOM_UP', 'AUTO_TOP_DOWN', 'MANUAL', 'LOCKED'];
const ROLES = ['ADMIN', 'EDITOR', 'VIEWER'];

function select(id, values, selected, labels = {}) {
  return h(`select#${id}`, { name: id },
    values.map(v => h('option', { value: v, selected: String(v) === String(selected) }, labels[v] ?? v)));
}

function field(label, control, hint) {
  return h('div.field', {}, h('label', { for: control.id }, label), control, hint ? h('small.muted', {}, hint) : null);
}

async function boxFormView(boxId) {
  const [types, boxes, connections, users, box] = await Promise.all([
    api.get('/api/box-types'), api.get('/api/boxes'),
    me.admin ? api.get('/api/connections') : Promise.resolve([]),
    me.admin ? api.get('/api/users') : Promise.resolve([]),
    boxId ? api.get(`/api/boxes/${boxId}`) : Promise.resolve(null),
  ]);
  const b = box || { kind: 'PROJECT', status: 'NOT_STARTED', scope: { mode: 'OWN', parts: [], subFilter: '' }, builders: [{ kind: 'EPIC' }, { kind: 'PARENT' }], defaultTaskMode: 'AUTO_BASIC', members: [] };
  const userNames = Object.fromEntries(users.map(u => [u.id, `${u.displayName} (${u.login})`]));
  const connectionNames = Object.fromEntries(connections.map(c => [c.id, c.name]));
  const name = h('input#box-name', { value: b.name || '', required: true });
  const kind = select('box-kind', types, b.kind);
  const parent = select('box-parent', ['', ...boxes.filter(x => x.id !== boxId).map(x => x.id)], b.parentId ?? '',
    { '': '(top level)', ...Object.fromEntries(boxes.map(x => [x.id, x.name])) });
  const mode = select('box-scope-mode', ['OWN', 'SUB', 'NONE'], b.scope.mode,
    { OWN: 'Own scope (synced from tools)', SUB: 'Sub-scope of the parent', NONE: 'No scope' });
  const subFilter = h('input#box-subfilter', { value: b.scope.subFilter || '' });
  const owner = select('box-owner', ['', ...users.map(u => u.id)], b.scopeOwnerId ?? '', { '': '(none)', ...userNames });
  const taskMode = select('box-taskmode', TASK_MODES, b.defaultTaskMode);
  const status = select('box-status', b.status === 'CLOSED' ? ['CLOSED'] : ['NOT_STARTED', 'IN_PROGRESS'], b.status,
    { NOT_STARTED: 'Not started', IN_PROGRESS: 'In progress', CLOSED: 'Closed' });

  let partSeq = 0;
  const partsList = h('div.stack');
  const addPart = (part = { connectionId: connections[0]?.id, sources: [{ kind: 'PROJECT', value: '' }], narrowing: '' }) => {
    const n = ++partSeq;
    const src = part.sources[0] || { kind: 'PROJECT', value: '' };
    const row = h('div.part.inline', {},
      field('Connection', select(`part-conn-${n}`, connections.map(c => c.id), part.connectionId, connectionNames)),
      field('Source', select(`part-kind-${n}`, SOURCE_KINDS, src.kind)),
      field('Value', h(`input#part-value-${n}`, { value: src.value || '', placeholder: 'e.g. ALP' })),
      field('Narrowing', h(`input#part-narrow-${n}`, { value: part.narrowing || '', placeholder: 'optional JQL / filter' })),
      h('button.ghost.small', { type: 'button', 'aria-label': `Remove scope part ${n}`, onclick: () => row.remove() }, 'Remove'));
    row.read = () => ({ connectionId: Number(row.querySelector(`#part-conn-${n}`).value),
      sources: [{ kind: row.querySelector(`#part-kind-${n}`).value, value: row.querySelector(`#part-value-${n}`).value.trim() }],
      narrowing: row.querySelector(`#part-narrow-${n}`).value.trim() });
    partsList.append(row);
  };
  (b.scope.parts.length ? b.scope.parts : (boxId ? [] : [undefined])).forEach(p => addPart(p));

  let builderSeq = 0;
  const buildersList = h('ol.stack.builders');
  const addBuilder = (builder = { kind: 'PARENT' }) => {
    const n = ++builderSeq;
    const li = h('li.inline', {},
      select(`builder-${n}`, BUILDER_KINDS, builder.kind),
      h(`input#builder-link-${n}`, { value: builder.linkType || '', placeholder: 'link type (LINK only)', 'aria-label': `Link type of builder ${n}` }),
      h('button.ghost.small', { type: 'button', 'aria-label': 'Move builder up', onclick: () => li.previousElementSibling?.before(li) }, '↑'),
      h('button.ghost.small', { type: 'button', 'aria-label': 'Move builder down', onclick: () => li.nextElementSibling?.after(li) }, '↓'),
      h('button.ghost.small', { type: 'button', 'aria-label': 'Remove builder', onclick: () => li.remove() }, 'Remove'));
    li.querySelector('select').setAttribute('aria-label', `WBS builder ${n}`);
    li.read = () => {
      const k = li.querySelector('select').value;
      const link = li.querySelector('input').value.trim();
      return k === 'LINK' ? { kind: k, linkType: link } : { kind: k };
    };
    buildersList.append(li);
  };
  b.builders.forEach(addBuilder);

  let memberSeq = 0;
  const membersList = h('div.stack');
  const addMember = (member = { userId: users[0]?.id, role: 'EDITOR' }) => {
    const n = ++memberSeq;
    const row = h('div.inline', {},
      field('User', select(`member-user-${n}`, users.map(u => u.id), member.userId, userNames)),
      field('Role', select(`member-role-${n}`, ROLES, member.role)),
      h('button.ghost.small', { type: 'button', 'aria-label': `Remove member ${n}`, onclick: () => row.remove() }, 'Remove'));
    row.read = () => ({ userId: Number(row.querySelector(`#member-user-${n}`).value), role: row.querySelector(`#member-role-${n}`).value });
    membersList.append(row);
  };
  b.members.forEach(addMember);

  const form = h('form.card.form', {
    onsubmit: async (event) => {
      event.preventDefault();
      hideAlert();
      const body = {
        name: name.value.trim(), kind: kind.value, parentId: parent.value ? Number(parent.value) : null,
        status: status.value,
        scope: { mode: mode.value, parts: [...partsList.children].map(r => r.read()), subFilter: subFilter.value.trim() },
        scopeOwnerId: owner.value ? Number(owner.value) : null,
        builders: [...buildersList.children].map(li => li.read()),
        defaultTaskMode: taskMode.value,
        members: [...membersList.children].map(r => r.read()),
      };
      try {
        const { data } = boxId ? await api.put(`/api/boxes/${boxId}`, body) : await api.post('/api/boxes', body);
        announce(boxId ? 'Box saved' : 'Box created');
        location.hash = `#/boxes/${data?.id || boxId}/gantt`;
      } catch (e) { reportError(e); }
    },
  },
  h('h1', {}, boxId ? `Configure ${b.name}` : 'New Box'),
  h('div.grid2', {}, field('Name', name), field('Type', kind), field('Parent', parent), field('Status', status), field('Default task mode', taskMode)),
  h('fieldset', {}, h('legend', {}, 'Scope'),
    h('div.grid2', {}, field('Scope mode', mode), field('Sub-scope filter', subFilter, 'Only for a sub-scope: narrows the parent\'s tasks')),
    partsList, h('button.ghost', { type: 'button', onclick: () => addPart() }, 'Add scope part'),
    field('Scope Owner', owner, 'Full syncs read the tools with this user\'s rights')),
  h('fieldset', {}, h('legend', {}, 'WBS builders (top level first)'), buildersList,
    h('button.ghost', { type: 'button', onclick: () => addBuilder() }, 'Add builder')),
  h('fieldset', {}, h('legend', {}, 'Members'), membersList,
    h('button.ghost', { type: 'button', onclick: () => addMember() }, 'Add member')),
  h('div.actions', {},
    h('button.primary', { type: 'submit' }, boxId ? 'Save' : 'Create Box'),
    h('a.button.ghost', { href: boxId ? `#/boxes/${boxId}/gantt` : '#/boxes' }, 'Cancel'),
    boxId ? h('button.danger', { type: 'button', onclick: async () => {
      if (!confirm(`Close Box "${b.name}"? A closed Box is read-only and never synchronized again.`)) return;
      try { await api.post(`/api/boxes/${boxId}/close`); location.hash = '#/boxes'; } catch (e) { reportError(e); }
    } }, 'Close Box') : null));
  clear(view, h('div.page', {}, form));
  name.focus();
}

// ---- the open Box --------------------------------------------------------------------------------------------

const MODULES = { gantt: 'Gantt', roadmap: 'Roadmap', resources: 'Resources', history: 'History' };
const POLL_MS = 2500;

class BoxView {
  constructor(boxId, module) {
    this.boxId = boxId;
    this.module = MODULES[module] ? module : 'gantt';
    this.disposed = false;
    this.lastR = 0;
    this.onKey = (event) => this.key(event);
  }

  async start() {
    // the open request carries the contents: send it while the Box's header is fetched, not after
    const opening = this.module === 'history' ? null : api.post(`/api/boxes/${this.boxId}/open`, { module: this.module });
    opening?.catch(() => {});
    this.box = await api.get(`/api/boxes/${this.boxId}`);
    this.banner = h('section.sync-banner', { 'aria-label': 'Sync state' });
    this.body = h('div.module-body');
    const canAdmin = me.admin || this.box.role === 'ADMIN';
    this.dataMenu = h('details.menu', {},
      h('summary.button.ghost', { 'aria-label': 'Data menu' }, 'Data'),
      h('div.menu-items', { role: 'menu' },
        h('button#resync', { type: 'button', role: 'menuitem', disabled: !canAdmin,
          title: canAdmin ? 'Read the whole scope again now (R R)' : 'Only a Box admin can re-sync',
          onclick: () => { this.dataMenu.open = false; this.resync(false); } }, 'Re-sync', h('kbd', {}, 'R R')),
        h('a', { role: 'menuitem', href: `#/boxes/${this.boxId}/history` }, 'History'),
        canAdmin ? h('a', { role: 'menuitem', href: `#/boxes/${this.boxId}/edit` }, 'Configure…') : null));
    clear(view, h('div.box-view', {},
      h('div.box-head', {},
        h('div', {}, h('div.crumbs', {}, h('a', { href: '#/boxes' }, 'Boxes'), ' / ', this.box.kind),
          h('h1', {}, this.box.name)),
        h('nav.tabs', { 'aria-label': 'Box modules' }, Object.entries(MODULES).map(([key, label]) =>
          h('a', { href: `#/boxes/${this.boxId}/${key}`, 'aria-current': key === this.module ? 'page' : null }, label))),
        h('span.grow'), this.dataMenu),
      this.banner, this.body));
    document.addEventListener('keydown', this.onKey);
    if (this.module === 'history') {
      this.sync = await api.get(`/api/boxes/${this.boxId}/sync`);
      this.renderBanner();
      await this.history();
      this.timer = setInterval(() => this.pollSyncOnly(), POLL_MS);
      return;
    }
    await this.open(opening);
  }

  dispose() {
    this.disposed = true;
    clearInterval(this.timer);
    clearTimeout(this.progressTimer);
    document.removeEventListener('keydown', this.onKey);
    this.moduleView?.dispose?.();
  }

  async open(opening = null) {
    clear(this.body, h('p.loading', {}, 'Opening…'));
    const { status, data } = await (opening || api.post(`/api/boxes/${this.boxId}/open`, { module: this.module }));
    this.sync = data.sync;
    this.renderBanner();
    if (status === 202 || !data.contents) {
      announce('Full sync running');
      await this.waitForRun();
      if (this.disposed) return;
      this.contents = await api.get(`/api/boxes/${this.boxId}/contents`);
    } else {
      this.contents = data.contents;
    }
    performance.mark('boxsync:contents-received');
    this.mount();
    this.timer = setInterval(() => this.poll(), POLL_MS);
  }

  async waitForRun() {
    clear(this.body, this.progress());
    const startedAt = Date.now();
    for (;;) {
      if (this.disposed) return;
      await new Promise(resolve => { this.progressTimer = setTimeout(resolve, 400); });
      this.sync = await api.get(`/api/boxes/${this.boxId}/sync`);
      this.renderBanner();
      clear(this.body, this.progress());
      const settled = !this.sync.running && (!this.sync.flagged || this.sync.held || this.sync.lastRun?.outcome === 'ABORTED');
      if (settled && Date.now() - startedAt > 300) return;
    }
  }

  progress() {
    const run = this.sync?.running;
    const read = Math.max(0, run?.pagesRead || 0);
    const total = Math.max(0, run?.pagesTotal || 0);
    return h('div.progress-card', {},
      h('p', {}, run ? `Full sync running: ${pagesText(read, total)}` : 'Starting the full sync…'),
      h('progress#sync-progress', { max: total || 1, value: total ? read : undefined, 'aria-label': 'Full sync progress' }));
  }

  mount() {
    const ctx = { boxId: this.boxId, box: this.box, me, announce, showAlert, reportError, hideAlert, reload: () => this.poll(true) };
    if (this.module === 'gantt') this.moduleView = new Gantt(this.body, ctx);
    else if (this.module === 'roadmap') this.moduleView = new Roadmap(this.body, ctx);
    else this.moduleView = new Resources(this.body, ctx);
    this.moduleView.update(this.contents);
    announce(`${this.contents.tasks.length} tasks loaded`);
  }

  async poll(force = false) {
    if (this.disposed || this.polling) return;
    if (!force && this.moduleView?.busy?.()) return;
    this.polling = true;
    try {
      const [sync, contents] = await Promise.all([
        api.get(`/api/boxes/${this.boxId}/sync`), api.getIfChanged(`/api/boxes/${this.boxId}/contents`, this.contentsTag)]);
      if (this.disposed) return;
      this.sync = sync;
      this.renderBanner();
      if (contents.status !== 304) {
        // a 10,000-task Box is megabytes of JSON: compare the server's version, not the text
        const changed = contents.etag ? contents.etag !== this.contentsTag
          : JSON.stringify(contents.data) !== JSON.stringify(this.contents);
        this.contentsTag = contents.etag;
        if (changed) {
          this.contents = contents.data;
          this.moduleView?.update(contents.data);
        }
      }
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 0) showAlert('Live updates paused: the server cannot be reached.', 'warn');
    } finally {
      this.polling = false;
    }
  }

  async pollSyncOnly() {
    try { this.sync = await api.get(`/api/boxes/${this.boxId}/sync`); this.renderBanner(); } catch { /* next time */ }
  }

  key(event) {
    if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key !== 'r' && event.key !== 'R') return;
    const now = Date.now();
    if (now - this.lastR < 600) {
      this.lastR = 0;
      event.preventDefault();
      this.resync(false);
    } else {
      this.lastR = now;
    }
  }

  async resync(continueWithoutReindex) {
    hideAlert();
    try {
      const { data } = await api.post(`/api/boxes/${this.boxId}/resync`, { continueWithoutReindex });
      this.sync = data;
      this.renderBanner(true);
      announce(continueWithoutReindex ? 'Re-sync without re-indexing started' : 'Re-sync started');
      if (this.module !== 'history') {
        this.resyncing = true;
        await this.waitForResync();
        this.resyncing = false;
        await this.poll(true);
      }
    } catch (e) {
      reportError(e);
    }
  }

  async waitForResync() {
    const before = this.sync?.lastRun?.id || 0;
    const started = Date.now();
    while (!this.disposed && Date.now() - started < 120000) {
      await new Promise(resolve => setTimeout(resolve, 500));
      this.sync = await api.get(`/api/boxes/${this.boxId}/sync`);
      this.renderBanner(!this.sync.running && (this.sync.lastRun?.id || 0) === before);
      if (!this.sync.running && (this.sync.lastRun?.id || 0) !== before) {
        announce(`Re-sync ${String(this.sync.lastRun.outcome).toLowerCase()}`);
        return;
      }
    }
  }

  renderBanner(requested = false) {
    const s = this.sync;
    if (!s) return;
    const items = [];
    const canAdmin = me.admin || this.box.role === 'ADMIN';
    if (s.running) {
      const r = s.running;
      const total = Math.max(0, r.pagesTotal || 0);
      items.push(h('div.state.running#sync-running', {},
        h('span', {}, `Full sync running: ${pagesText(Math.max(0, r.pagesRead || 0), total)}`),
        h('progress', { max: total || 1, value: total ? r.pagesRead : undefined, 'aria-label': 'Sync progress' })));
    } else if (requested) {
      items.push(h('div.state.running#sync-running', {}, 'Re-sync requested…'));
    }
    if (s.held) {
      const c = s.held.counts || {};
      items.push(h('div.state.warn#sync-held', { role: 'group', 'aria-label': 'Held run' },
        h('strong', {}, 'A full sync was held by the blast-radius guard. '),
        h('span', {}, `It would add ${c.added}, update ${c.updated} and remove ${c.removed} tasks. ${sentence(s.held.reason)}`),
        canAdmin ? h('span.actions', {},
          h('button.primary.small', { type: 'button', onclick: () => this.decide(s.held.id, 'confirm') }, 'Confirm'),
          h('button.ghost.small', { type: 'button', onclick: () => this.decide(s.held.id, 'discard') }, 'Discard')) : null));
    }
    if (s.indexCorrupted) {
      items.push(h('div.state.error#index-corrupted', {},
        h('strong', {}, 'The tool\'s search index looks corrupted. '),
        h('span', {}, 'The last full sync stopped so that tasks are not removed from the Box by mistake. Ask the tool\'s admin to re-index. '),
        canAdmin ? h('button.danger.small', { type: 'button', onclick: () => this.confirmOverride() }, 'Continue without re-indexing…') : null));
    }
    const last = s.lastRun;
    if (last && last.outcome === 'ABORTED' && !s.indexCorrupted) {
      items.push(h('div.state.error#sync-error', {}, h('strong', {}, 'The last sync failed: '), sentence(last.reason) || 'no reason given.'));
    }
    if (s.flagged && !s.running) {
      items.push(h('div.state.warn', {}, `Needs a full sync (${(s.flagReason || 'flagged').toLowerCase().replaceAll('_', ' ')}).`));
    }
    if (s.closed) items.push(h('div.state', {}, 'This Box is closed: read-only and no longer synchronized.'));
    items.push(h('div.state.meta#sync-meta', {},
      h('span', { title: when(s.lastFullSync) }, `Last full sync ${ago(s.lastFullSync)}`),
      h('span', {}, `Lag ${duration(s.lagSeconds)}`),
      h('span', {}, `Queue ${s.queueDepth}`),
      last ? h('span', {}, `Last run: ${String(last.outcome).toLowerCase()} (+${last.counts.added} ~${last.counts.updated} −${last.counts.removed})`) : null));
    clear(this.banner, items);
  }

  confirmOverride() {
    const dialog = h('div.confirm#override-confirm', { role: 'alertdialog', 'aria-labelledby': 'override-title', 'aria-describedby': 'override-text' },
      h('h2#override-title', {}, 'Continue without re-indexing?'),
      h('p#override-text', {}, 'This is irreversible. Boxsync will trust the corrupted index: issues missing from it will be removed ' +
        'from this Box, and issues wrongly returned will be added, causing unintended scope changes that are written to ' +
        'the Box history. Re-indexing the tool first is safer.'),
      h('div.actions', {},
        h('button.danger', { type: 'button', onclick: () => { dialog.remove(); this.resync(true); } }, 'Continue without re-indexing'),
        h('button.ghost', { type: 'button', onclick: () => dialog.remove() }, 'Cancel')));
    this.banner.prepend(dialog);
    dialog.querySelector('.ghost').focus();
  }

  async decide(runId, decision) {
    try {
      const { data } = await api.post(`/api/boxes/${this.boxId}/runs/${runId}/${decision}`);
      this.sync = data;
      this.renderBanner();
      announce(decision === 'confirm' ? 'Held run confirmed' : 'Held run discarded');
      await this.poll(true);
    } catch (e) { reportError(e); }
  }

  async history(before) {
    const list = await api.get(`/api/boxes/${this.boxId}/history?limit=100${before ? `&before=${before}` : ''}`);
    if (!before) {
      this.historyBody = h('tbody');
      clear(this.body, h('div.page.wide', {},
        h('table.table#history', {}, h('caption.sr-only', {}, 'Changes of this Box'),
          h('thead', {}, h('tr', {}, ['When', 'Task', 'Change', 'From', 'To', 'Author', 'Origin', 'Cause'].map(t => h('th', { scope: 'col' }, t)))),
          this.historyBody),
        this.moreButton = h('button.ghost', { type: 'button' }, 'Load older changes')));
    }
    for (const c of list) {
      this.historyBody.append(h('tr', {},
        h('td.nowrap', { title: c.at }, when(c.at)),
        h('td', {}, c.taskKey || (c.taskId ? `#${c.taskId}` : '')),
        h('td', {}, c.kind.toLowerCase().replaceAll('_', ' '), c.field ? ` · ${c.field}` : ''),
        h('td.value', {}, c.oldValue ?? ''), h('td.value', {}, c.newValue ?? ''),
        h('td', {}, c.author?.displayName || '', ' ', h('span.badge', {}, (c.author?.kind || '').toLowerCase().replaceAll('_', ' '))),
        h('td', {}, h('span.badge', {}, c.origin)),
        h('td.muted', {}, c.cause || '')));
    }
    if (!list.length && !before) this.historyBody.append(h('tr', {}, h('td.empty', { colspan: 8 }, 'No changes yet.')));
    this.moreButton.hidden = list.length < 100;
    this.moreButton.onclick = () => this.history(list[list.length - 1].id).catch(reportError);
  }
}

function pagesText(read, total) {
  return total ? `${read} of ${total} pages read` : `${read} page${read === 1 ? '' : 's'} read (total not known yet)`;
}

function sentence(text) {
  if (!text) return '';
  const t = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

// ---- issue WBS panel -----------------------------------------------------------------------------------------

async function issueView(connectionId, key) {
  clear(view, h('div.page', {}, h('p.loading', {}, `Looking up ${key} in your Boxes…`)));
  let data;
  try {
    data = await api.get(`/api/issues/${connectionId}/${encodeURIComponent(key)}/wbs`);
  } catch (e) {
    clear(view, h('div.page', {}, h('h1', {}, key), h('p.empty', {}, problemText(e))));
    return;
  }
  const t = data.issue;
  clear(view, h('div.page', {},
    h('div.crumbs', {}, 'Issue'),
    h('h1', {}, `${t.key} ${t.summary}`),
    h('dl.facts', {},
      h('dt', {}, 'Type'), h('dd', {}, t.issueType || '-'),
      h('dt', {}, 'Status'), h('dd', {}, t.status || '-'),
      h('dt', {}, 'Assignee'), h('dd', {}, t.assigneeName || 'Unassigned'),
      h('dt', {}, 'Dates'), h('dd', {}, `${t.start || '?'} → ${t.end || '?'}`),
      h('dt', {}, 'Mode'), h('dd', {}, t.mode)),
    h('section.card.wbs-panel#wbs-panel', { 'aria-labelledby': 'wbs-title' },
      h('h2#wbs-title', {}, 'WBS'),
      h('p.muted', {}, data.boxes.length === 1 ? '1 Box holds this issue.' : `${data.boxes.length} Boxes hold this issue.`),
      h('ul.placements', {}, data.boxes.map(p => h('li', {},
        h('div.inline', {}, h('a.box-name', { href: `#/boxes/${p.boxId}/gantt` }, p.boxName),
          p.sync.running ? h('span.badge.running', {}, 'Syncing…') : h('span.muted.small', {}, `Last full sync ${ago(p.sync.lastFullSync)}`)),
        h('ol.path', { 'aria-label': `Path in ${p.boxName}` }, p.path.map(label => h('li', {}, label)))))))));
}

// ---- admin ---------------------------------------------------------------------------------------------------

async function connectionsView() {
  const connections = await api.get('/api/connections');
  const input = (id, attrs = {}) => h(`input#${id}`, { name: id, ...attrs });
  const f = {
    name: input('c-name', { required: true }), kind: select('c-kind', ['JIRA_CLOUD', 'JIRA_DC', 'TRELLO', 'REDMINE'], 'JIRA_CLOUD'),
    baseUrl: input('c-url', { type: 'url', required: true, placeholder: 'https://example.atlassian.net' }),
    accountId: input('c-account', { required: true }), login: input('c-login', { required: true }),
    token: input('c-token', { type: 'password', required: true, autocomplete: 'off' }),
    secret: input('c-secret', { type: 'password', autocomplete: 'off' }),
    start: input('c-start', { placeholder: 'customfield_10015' }), end: input('c-end', { placeholder: 'duedate' }),
    points: input('c-points', { placeholder: 'customfield_10016' }),
    iteration: select('c-iteration', ['SPRINT', 'VERSION', 'LIST'], 'SPRINT'),
  };
  const form = h('form.card.form', {
    onsubmit: async (event) => {
      event.preventDefault();
      hideAlert();
      const fieldMapping = { iterationKind: f.iteration.value };
      if (f.start.value) fieldMapping.startField = f.start.value.trim();
      if (f.end.value) fieldMapping.endField = f.end.value.trim();
      if (f.points.value) fieldMapping.storyPointsField = f.points.value.trim();
      try {
        await api.post('/api/connections', { name: f.name.value.trim(), kind: f.kind.value, baseUrl: f.baseUrl.value.trim(),
          technicalUser: { accountId: f.accountId.value.trim(), login: f.login.value.trim(), token: f.token.value },
          webhookSecret: f.secret.value || undefined, fieldMapping });
        announce('Connection created');
        await connectionsView();
      } catch (e) { reportError(e); }
    },
  }, h('h2', {}, 'New connection'),
  h('div.grid2', {}, field('Name', f.name), field('Tool', f.kind), field('Base URL', f.baseUrl),
    field('Technical user account id', f.accountId), field('Technical user login', f.login),
    field('Technical user API token', f.token), field('Webhook secret', f.secret, 'Used to verify webhook signatures'),
    field('Start date field', f.start), field('End date field', f.end), field('Story points field', f.points),
    field('Iterations are', f.iteration)),
  h('div.actions', {}, h('button.primary', { type: 'submit' }, 'Check and create')));
  clear(view, h('div.page', {},
    h('h1', {}, 'Connections'),
    h('table.table#connections', {}, h('thead', {}, h('tr', {}, ['Name', 'Tool', 'URL', 'Health', 'Webhook URL'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, connections.length ? connections.map(c => h('tr', {},
        h('td', {}, c.name), h('td', {}, c.kind), h('td.value', {}, c.baseUrl),
        h('td', {}, h(`span.badge.h-${c.health.state === 'UP' ? 'ok' : c.health.state === 'DOWN' ? 'error' : 'stale'}`, {}, c.health.state),
          ' ', h('span.muted.small', { title: c.health.checkedAt || '' }, c.health.detail || '')),
        h('td.value', {}, new URL(c.webhookUrl, location.origin).href))) : h('tr', {}, h('td.empty', { colspan: 5 }, 'No connections yet.')))),
    form));
}

async function queueView() {
  const q = await api.get('/api/admin/queue');
  clear(view, h('div.page', {},
    h('div.page-head', {}, h('h1', {}, 'Event queue'), h('span.grow'),
      h('button.ghost', { type: 'button', onclick: async () => {
        if (!confirm('Clear the cache? Every Box is flagged and fully re-read when next opened.')) return;
        try { const { data } = await api.post('/api/admin/cache/clear'); announce(`${data.flaggedBoxes} Boxes flagged`); showAlert(`Cache cleared: ${data.flaggedBoxes} Boxes will be fully re-read when next opened.`, 'info'); } catch (e) { reportError(e); }
      } }, 'Clear cache')),
    h('dl.facts.stats', {},
      h('dt', {}, 'Pending issues'), h('dd', {}, q.pendingIssues),
      h('dt', {}, 'Pending events'), h('dd', {}, q.pendingEvents),
      h('dt', {}, 'Parked issues'), h('dd', {}, q.parkedIssues),
      h('dt', {}, 'Oldest pending'), h('dd', {}, duration(q.oldestPendingAgeSeconds))),
    h('h2', {}, 'Parked events'),
    h('table.table#parked', {}, h('thead', {}, h('tr', {}, ['Issue', 'Events', 'Attempts', 'Error', 'Parked', ''].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, q.parked.length ? q.parked.map(p => h('tr', {},
        h('td', {}, h('a', { href: `#/issues/${p.connectionId}/${encodeURIComponent(p.key)}` }, p.key)), h('td', {}, p.events), h('td', {}, p.attempts),
        h('td.value', {}, p.error), h('td', {}, when(p.parkedAt)),
        h('td', {}, h('button.small', { type: 'button', onclick: async () => {
          try { await api.post(`/api/admin/queue/parked/${p.connectionId}/${encodeURIComponent(p.key)}/retry`); announce(`${p.key} queued again`); await queueView(); } catch (e) { reportError(e); }
        } }, 'Retry')))) : h('tr', {}, h('td.empty', { colspan: 6 }, 'Nothing is parked.'))))));
}

async function usersView() {
  const users = await api.get('/api/users');
  const login = h('input#u-login', { required: true, autocomplete: 'off' });
  const name = h('input#u-name', { required: true });
  const password = h('input#u-password', { type: 'password', required: true, minlength: 12, autocomplete: 'new-password' });
  const admin = h('input#u-admin', { type: 'checkbox' });
  clear(view, h('div.page', {},
    h('h1', {}, 'Users'),
    h('table.table#users', {}, h('thead', {}, h('tr', {}, ['Login', 'Name', 'Admin'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, users.map(u => h('tr', {}, h('td', {}, u.login), h('td', {}, u.displayName), h('td', {}, u.admin ? 'Yes' : ''))))),
    h('form.card.form', {
      onsubmit: async (event) => {
        event.preventDefault();
        hideAlert();
        try {
          await api.post('/api/users', { login: login.value.trim(), displayName: name.value.trim(), password: password.value, admin: admin.checked });
          announce('User created');
          await usersView();
        } catch (e) { reportError(e); }
      },
    }, h('h2', {}, 'New user'),
    h('div.grid2', {}, field('Login', login), field('Display name', name), field('Password', password, 'At least 12 characters'),
      h('div.field.check', {}, admin, h('label', { for: 'u-admin' }, 'Administrator'))),
    h('div.actions', {}, h('button.primary', { type: 'submit' }, 'Create user')))));
}
