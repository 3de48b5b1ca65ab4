// The Resources module: planned work per assignee per week, from estimates (hours) or, failing those, story points,
// spread evenly over the working days between a task's start and end.
import { h, clear, toDay, fromDay, shortDate, weekday, todayDay } from './util.js';

export class Resources {
  constructor(host, ctx) {
    this.host = host;
    this.ctx = ctx;
    this.unit = null;
  }

  update(contents) {
    const tasks = contents.tasks.filter(t => t.start && t.end);
    const hasHours = tasks.some(t => t.estimateSeconds);
    const unit = this.unit || (hasHours ? 'hours' : 'points');
    const amount = (t) => unit === 'hours' ? (t.estimateSeconds || 0) / 3600 : (t.storyPoints || 0);
    const load = new Map();
    let first = Infinity;
    let last = -Infinity;
    for (const t of tasks) {
      const total = amount(t);
      if (!total) continue;
      const start = toDay(t.start);
      const end = toDay(t.end);
      const workdays = [];
      for (let d = start; d <= end; d++) if (weekday(d) < 5) workdays.push(d);
      if (!workdays.length) workdays.push(start);
      const who = t.assigneeName || 'Unassigned';
      if (!load.has(who)) load.set(who, new Map());
      for (const d of workdays) {
        const week = d - weekday(d);
        first = Math.min(first, week);
        last = Math.max(last, week);
        const row = load.get(who);
        row.set(week, (row.get(week) || 0) + total / workdays.length);
      }
    }
    const unitSelect = h('select#res-unit', { onchange: () => { this.unit = unitSelect.value; this.update(contents); } },
      h('option', { value: 'hours', selected: unit === 'hours' }, 'Estimate (hours)'),
      h('option', { value: 'points', selected: unit === 'points' }, 'Story points'));
    const controls = h('div.inline', {}, h('label', { for: 'res-unit' }, 'Measure'), unitSelect);
    if (!load.size) {
      clear(this.host, h('div.page.wide', {}, controls, h('p.empty', {}, `No dated task of this Box has ${unit === 'hours' ? 'an estimate' : 'story points'}.`)));
      return;
    }
    const weeks = [];
    for (let w = first; w <= last; w += 7) weeks.push(w);
    const max = Math.max(...[...load.values()].flatMap(r => [...r.values()]));
    const capacity = unit === 'hours' ? 40 : null;
    const thisWeek = todayDay() - weekday(todayDay());
    const people = [...load.keys()].sort((a, b) => a === 'Unassigned' ? 1 : b === 'Unassigned' ? -1 : a.localeCompare(b));
    clear(this.host, h('div.page.wide', {}, controls,
      h('div.table-scroll', {}, h('table.table.resources#resources', {},
        h('caption.sr-only', {}, `Work per assignee per week in ${unit}`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Assignee'),
          weeks.map(w => h('th', { scope: 'col', class: w === thisWeek ? 'now' : null, title: `Week of ${fromDay(w)}` }, shortDate(w))))),
        h('tbody', {}, people.map(who => h('tr', {}, h('th', { scope: 'row' }, who),
          weeks.map(w => {
            const v = load.get(who).get(w) || 0;
            const over = capacity && v > capacity;
            return h('td.load', { class: over ? 'over' : null, title: `${who}, week of ${fromDay(w)}: ${v.toFixed(1)} ${unit}` },
              v ? h('div.load-bar', { style: { height: `${Math.max(3, Math.round((v / (capacity || max)) * 28))}px` } }) : null,
              v ? h('span', {}, v >= 10 ? Math.round(v) : v.toFixed(1)) : '');
          }))))))));
  }
}
