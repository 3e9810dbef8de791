import { Type } from 'typebox';
import { IsoDate } from './common.ts';

export const DueDateQuery = Type.Object({ from: IsoDate, days: Type.Integer({ minimum: 0, maximum: 3650 }) });
export const DueDateResult = Type.Object({ from: IsoDate, days: Type.Integer(), dueDate: IsoDate });
export const HolidaysQuery = Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2199 }) });
export const NonWorkingDay = Type.Object({ date: IsoDate, name: Type.String(), kind: Type.String() });
export const HolidaysResult = Type.Object({
  year: Type.Integer(),
  holidays: Type.Array(NonWorkingDay, { description: 'every Monday–Friday of the year that is not a working day' }),
  workingWeekendDays: Type.Array(Type.Object({ date: IsoDate, name: Type.String() })),
});
export const CalendarOverride = Type.Object(
  { date: IsoDate, kind: Type.Union([Type.Literal('day_off'), Type.Literal('working_day')]), name: Type.String({ minLength: 2, maxLength: 200 }) },
  { additionalProperties: false },
);
