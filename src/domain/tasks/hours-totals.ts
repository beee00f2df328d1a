// Totals of approved hours per volunteer and per task, for /hours report.
// Pure, so the arithmetic and the order are tested alone.

export interface HoursLine {
  personId: string;
  name: string;
  taskId: number | null;
  taskTitle: string | null;
  minutes: number;
}

export interface VolunteerTotal {
  personId: string;
  name: string;
  minutes: number;
  entries: number;
}

export interface TaskTotal {
  /** null: hours logged without a task. */
  taskId: number | null;
  title: string | null;
  minutes: number;
  entries: number;
  volunteers: number;
}

export interface HoursTotals {
  volunteers: VolunteerTotal[];
  tasks: TaskTotal[];
  minutes: number;
  entries: number;
}

/** Most hours first; ties by name (volunteers) or task id, with "no task" last. */
export function totalHours(lines: readonly HoursLine[]): HoursTotals {
  const volunteers = new Map<string, VolunteerTotal>();
  const tasks = new Map<number | null, TaskTotal & { people: Set<string> }>();
  for (const line of lines) {
    const v = volunteers.get(line.personId) ?? { personId: line.personId, name: line.name, minutes: 0, entries: 0 };
    v.minutes += line.minutes;
    v.entries++;
    volunteers.set(line.personId, v);
    const t = tasks.get(line.taskId) ?? {
      taskId: line.taskId,
      title: line.taskTitle,
      minutes: 0,
      entries: 0,
      volunteers: 0,
      people: new Set<string>(),
    };
    t.minutes += line.minutes;
    t.entries++;
    t.people.add(line.personId);
    t.volunteers = t.people.size;
    tasks.set(line.taskId, t);
  }
  const byVolunteer = [...volunteers.values()].sort((a, b) => b.minutes - a.minutes || a.name.localeCompare(b.name));
  const byTask = [...tasks.values()]
    .map(({ people: _people, ...total }) => total)
    .sort(
      (a, b) =>
        Number(a.taskId === null) - Number(b.taskId === null) ||
        b.minutes - a.minutes ||
        (a.taskId ?? 0) - (b.taskId ?? 0),
    );
  return {
    volunteers: byVolunteer,
    tasks: byTask,
    minutes: lines.reduce((sum, l) => sum + l.minutes, 0),
    entries: lines.length,
  };
}

/** A shift someone signed up for and was marked absent from (a no-show). */
export interface NoShow {
  personId: string;
  name: string;
  taskId: number;
}

export interface NoShowTotals {
  /** Most no-shows first; ties by name. */
  people: Array<{ personId: string; name: string; count: number }>;
  byTask: Map<number, number>;
}

export function totalNoShows(noShows: readonly NoShow[]): NoShowTotals {
  const people = new Map<string, { personId: string; name: string; count: number }>();
  const byTask = new Map<number, number>();
  for (const n of noShows) {
    const person = people.get(n.personId) ?? { personId: n.personId, name: n.name, count: 0 };
    person.count++;
    people.set(n.personId, person);
    byTask.set(n.taskId, (byTask.get(n.taskId) ?? 0) + 1);
  }
  return { people: [...people.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)), byTask };
}
