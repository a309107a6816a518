import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DomainError } from '../../../../common/errors/domain-error.js';
import { CalendarErrors } from '../calendar.errors.js';
import type { CalendarSettings, CalendarSettingsInput } from '../calendar-settings.service.js';
import { GERMAN_LANDS, type LandInfo, type Names, type RegionInfo } from '../holiday-places.js';
import type { PublicHoliday } from '../working-calendar.js';

export class NamesDto {
  @ApiProperty({ example: 'Thüringen' })
  de: string;

  @ApiProperty({ example: 'Thuringia' })
  en: string;

  static of(n: Names): NamesDto {
    return Object.assign(new NamesDto(), { de: n.de, en: n.en });
  }
}

export class CalendarSettingsDto {
  @ApiProperty({
    enum: GERMAN_LANDS,
    nullable: true,
    type: String,
    description: 'ISO 3166-2 code of the Land; null: nationwide public holidays only',
  })
  land: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'EIC',
    description: 'Region of the Land with holidays of its own (see GET /api/v1/admin/calendar/places)',
  })
  region: string | null;

  @ApiProperty({ type: NamesDto, nullable: true })
  landName: NamesDto | null;

  @ApiProperty({ type: NamesDto, nullable: true })
  regionName: NamesDto | null;

  static of(s: CalendarSettings): CalendarSettingsDto {
    return Object.assign(new CalendarSettingsDto(), {
      land: s.land,
      region: s.region,
      landName: s.landName ? NamesDto.of(s.landName) : null,
      regionName: s.regionName ? NamesDto.of(s.regionName) : null,
    });
  }
}

export class UpdateCalendarSettingsDto implements CalendarSettingsInput {
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'TH',
    description: 'ISO 3166-2 code of the Land (case-insensitive); null: nationwide public holidays only',
  })
  land: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'EIC',
    description: 'Region of that Land; left out or null: none (the whole Land)',
  })
  region?: string | null;

  /** The whole setting, `land` included (null for none): a misspelt key must not clear it. */
  static parse(body: unknown): UpdateCalendarSettingsDto {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new DomainError(CalendarErrors.CALENDAR_INVALID_INPUT, { field: 'body' });
    }
    const b = body as Record<string, unknown>;
    const dto = new UpdateCalendarSettingsDto();
    if (!('land' in b)) throw new DomainError(CalendarErrors.CALENDAR_INVALID_INPUT, { field: 'land' });
    for (const field of ['land', 'region'] as const) {
      const v = b[field];
      if (v !== undefined && v !== null && (typeof v !== 'string' || v.length > 20)) {
        throw new DomainError(CalendarErrors.CALENDAR_INVALID_INPUT, { field });
      }
    }
    dto.land = (b.land as string | null) ?? null;
    dto.region = (b.region as string | null | undefined) ?? null;
    return dto;
  }
}

export class RegionDto {
  @ApiProperty({ example: 'EIC' })
  code: string;

  @ApiProperty({ type: NamesDto })
  name: NamesDto;

  static of(r: RegionInfo): RegionDto {
    return Object.assign(new RegionDto(), { code: r.code, name: NamesDto.of(r.name) });
  }
}

export class LandDto {
  @ApiProperty({ enum: GERMAN_LANDS })
  code: string;

  @ApiProperty({ type: NamesDto })
  name: NamesDto;

  @ApiProperty({ type: RegionDto, isArray: true })
  regions: RegionDto[];

  static of(l: LandInfo): LandDto {
    return Object.assign(new LandDto(), {
      code: l.code,
      name: NamesDto.of(l.name),
      regions: l.regions.map((r) => RegionDto.of(r)),
    });
  }
}

export class PublicHolidayDto {
  @ApiProperty({ example: '2027-05-27' })
  date: string;

  @ApiProperty({ type: NamesDto })
  name: NamesDto;

  static of(h: PublicHoliday): PublicHolidayDto {
    return Object.assign(new PublicHolidayDto(), { date: h.date, name: NamesDto.of(h.name) });
  }
}
