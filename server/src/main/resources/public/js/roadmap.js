// The Roadmap module: cadences (sprints, versions, lists) as columns, tasks as cards. A card moves to another
// cadence by dragging it onto the column, or with its "Move to…" select (keyboard).
import { api } from './api.js';
import { h, clear } from './util.js';

const NONE = 'none';

function cadenceKey(kind, id) { return `${kind}:${id}`; }

export class Roadmap {
  constructor(host, ctx) {
    this.ctx = ctx;
    this.host = host;
    this.dragging = null;
  }

  busy() { return this.dragging !== null; }

  update(contents) {
    this.contents = contents;
    const columns = new Map();
    for (const it of contents.iterations) {
      columns.set(cadenceKey(it.kind, it.id), { key: cadenceKey(it.kind, it.id), kind: it.kind, id: it.id, name: it.name, start: it.start, end: it.end, state: it.state, cards: [] });
    }
    for (const t of contents.tasks) {
      for (const ref of t.iterations) {
        const key = cadenceKey(ref.kind, ref.id);
        if (!columns.has(key)) columns.set(key, { key, kind: ref.kind, id: ref.id, name: ref.name, cards: [] });
      }
    }
    const ordered = [...columns.values()].sort((a, b) => (a.start || '9999').localeCompare(b.start || '9999') || a.name.localeCompare(b.name));
    const none = { key: NONE, name: 'No cadence', cards: [] };
    for (const t of contents.tasks) {
      const ref = t.iterations[t.iterations.length - 1];
      (ref ? columns.get(cadenceKey(ref.kind, ref.id)) : none).cards.push(t);
    }
    this.columns = [...ordered, none];
    this.render();
  }

  render() {
    const canEdit = this.ctx.me.admin || this.ctx.box.role !== 'VIEWER';
    const targets = this.columns.filter(c => c.key !== NONE);
    const board = h('div.board#roadmap', { role: 'list', 'aria-label': 'Cadences' },
      this.columns.map(col => h('section.column', { role: 'listitem', dataset: { cadence: col.key }, 'aria-labelledby': `col-${col.key.replace(/\W/g, '_')}` },
        h('header.column-head', {},
          h('h2', { id: `col-${col.key.replace(/\W/g, '_')}` }, col.name),
          h('span.muted.small', {}, [col.state?.toLowerCase(), col.start && col.end ? `${col.start} → ${col.end}` : null].filter(Boolean).join(' · ')),
          h('span.count', { 'aria-label': `${col.cards.length} tasks` }, col.cards.length)),
        h('ul.cards', {}, col.cards.map(t => this.card(t, col, targets, canEdit))))));
    const scroll = this.host.querySelector('.board')?.scrollLeft || 0;
    clear(this.host, h('p.hint.muted', {}, 'Drag a card to another column, or use its "Move to" list.'), board);
    board.scrollLeft = scroll;
  }

  card(t, col, targets, canEdit) {
    const move = h('select.move', { 'aria-label': `Move ${t.key || t.summary} to`, disabled: !canEdit,
      onchange: () => { const target = targets.find(c => c.key === move.value); if (target) this.move(t, target); } },
    h('option', { value: '' }, 'Move to…'),
    targets.filter(c => c.key !== col.key).map(c => h('option', { value: c.key }, c.name)));
    const card = h('li.card-item', { dataset: { taskId: t.id, key: t.key || '' } },
      h('div.card-top', {},
        t.key ? h('a.key', { href: `#/issues/${t.connectionId}/${encodeURIComponent(t.key)}`, draggable: 'false' }, t.key) : null,
        h('span.badge', {}, t.status || '')),
      h('div.card-summary', {}, t.summary),
      h('div.card-foot', {}, h('span.muted.small', {}, t.assigneeName || 'Unassigned'),
        t.storyPoints != null ? h('span.points', { title: 'Story points' }, t.storyPoints) : null, move));
    if (canEdit) card.addEventListener('pointerdown', (e) => this.pointerDown(e, t, card));
    return card;
  }

  pointerDown(e, task, card) {
    if (e.button !== 0 || e.target.closest('select, a, button')) return;
    e.preventDefault();
    const rect = card.getBoundingClientRect();
    this.dragging = { task, card, dx: e.clientX - rect.left, dy: e.clientY - rect.top, moved: false, x: e.clientX, y: e.clientY };
    card.setPointerCapture(e.pointerId);
    const move = (ev) => {
      const d = this.dragging;
      if (!d) return;
      if (!d.moved && Math.abs(ev.clientX - d.x) + Math.abs(ev.clientY - d.y) < 4) return;
      if (!d.moved) {
        d.moved = true;
        d.ghost = card.cloneNode(true);
        d.ghost.classList.add('ghost-card');
        d.ghost.style.width = `${rect.width}px`;
        document.body.append(d.ghost);
        card.classList.add('placeholder');
      }
      d.ghost.style.transform = `translate(${ev.clientX - d.dx}px, ${ev.clientY - d.dy}px)`;
      this.host.querySelectorAll('.column.drop').forEach(c => c.classList.remove('drop'));
      this.columnAt(ev.clientX, ev.clientY)?.classList.add('drop');
    };
    const up = (ev) => {
      card.removeEventListener('pointermove', move);
      card.removeEventListener('pointerup', up);
      card.removeEventListener('pointercancel', up);
      const d = this.dragging;
      this.dragging = null;
      d.ghost?.remove();
      card.classList.remove('placeholder');
      this.host.querySelectorAll('.column.drop').forEach(c => c.classList.remove('drop'));
      if (!d.moved) return;
      const column = this.columnAt(ev.clientX, ev.clientY);
      const target = this.columns.find(c => c.key === column?.dataset.cadence);
      const from = task.iterations[task.iterations.length - 1];
      if (target && target.key !== NONE && (!from || cadenceKey(from.kind, from.id) !== target.key)) this.move(task, target);
    };
    card.addEventListener('pointermove', move);
    card.addEventListener('pointerup', up);
    card.addEventListener('pointercancel', up);
  }

  columnAt(x, y) {
    const ghost = this.dragging?.ghost;
    if (ghost) ghost.style.display = 'none';
    const el = document.elementFromPoint(x, y)?.closest?.('.column');
    if (ghost) ghost.style.display = '';
    return el;
  }

  async move(task, target) {
    this.ctx.hideAlert();
    this.ctx.announce(`Moving ${task.key || task.summary} to ${target.name}…`);
    try {
      const { data } = await api.post(`/api/boxes/${this.ctx.boxId}/tasks/${task.id}/cadence`, { kind: target.kind, id: target.id });
      const i = this.contents.tasks.findIndex(t => t.id === task.id);
      const updated = data.task;
      if (updated && !updated.iterations.some(r => cadenceKey(r.kind, r.id) === target.key)) {
        updated.iterations = [...updated.iterations.filter(r => r.kind !== target.kind), { kind: target.kind, id: target.id, name: target.name }];
      }
      if (i >= 0 && updated) this.contents.tasks[i] = updated;
      this.update(this.contents);
      this.ctx.announce(`${task.key || task.summary} moved to ${target.name}`);
    } catch (e) {
      this.render();
      this.ctx.showAlert(`${task.key || task.summary} was not moved: ${e.detail || e.message}`);
    }
  }
}
