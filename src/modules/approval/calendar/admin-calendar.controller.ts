import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DomainError } from '../../../common/errors/domain-error.js';
import { actorOf } from '../../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../../auth/auth.contract.js';
import { CalendarErrors } from './calendar.errors.js';
import { CalendarSettingsService } from './calendar-settings.service.js';
import { DeadlineService } from './deadline.service.js';
import {
  CalendarSettingsDto,
  LandDto,
  PublicHolidayDto,
  UpdateCalendarSettingsDto,
} from './dto/calendar.dto.js';

/** The holiday calendar (Land and region) of the caller's own tenant, on which its deadlines are computed. */
@ApiTags('admin')
@Controller('api/v1/admin/calendar')
@Roles('admin')
export class AdminCalendarController {
  constructor(
    private readonly settings: CalendarSettingsService,
    private readonly deadlines: DeadlineService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The tenant's Land and region for public holidays (deadlines under § 193 BGB)" })
  @ApiOkResponse({ type: CalendarSettingsDto })
  async get(@CurrentPrincipal() p: Principal): Promise<CalendarSettingsDto> {
    return CalendarSettingsDto.of(await this.settings.get(p.tenantId));
  }

  @Put()
  @ApiOperation({
    summary: "Set the tenant's Land and region (both; null for none)",
    description:
      'A cash-discount or payment deadline that falls on a Saturday, Sunday or public holiday ' +
      'at the place moves to the next working day. Unknown values are refused with 422 ' +
      '`CALENDAR_LAND_UNKNOWN` / `CALENDAR_REGION_UNKNOWN`, the valid values in `error.details.valid`. ' +
      'A change is audited (`tenant.calendar_updated`).',
  })
  @ApiBody({ type: UpdateCalendarSettingsDto })
  @ApiOkResponse({ type: CalendarSettingsDto })
  @ApiUnprocessableEntityResponse({
    description: 'Unknown Land or region; `error.details.valid` lists the valid codes',
  })
  async update(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<CalendarSettingsDto> {
    const input = UpdateCalendarSettingsDto.parse(body);
    return CalendarSettingsDto.of(await this.settings.update(p.tenantId, input, actorOf(p)));
  }

  @Get('places')
  @ApiOperation({ summary: 'Every Land and the regions with holidays of their own that can be chosen' })
  @ApiOkResponse({ type: LandDto, isArray: true })
  places(): LandDto[] {
    return this.settings.places().map((l) => LandDto.of(l));
  }

  @Get('holidays')
  @ApiOperation({ summary: "The public holidays of a year on the tenant's calendar (weekends aside)" })
  @ApiQuery({ name: 'year', required: true, example: 2027 })
  @ApiOkResponse({ type: PublicHolidayDto, isArray: true })
  async holidays(@CurrentPrincipal() p: Principal, @Query('year') year: string): Promise<PublicHolidayDto[]> {
    const y = /^\d{4}$/.test(year ?? '') ? Number(year) : NaN;
    if (!(y >= 1900 && y <= 2199))
      throw new DomainError(CalendarErrors.CALENDAR_INVALID_INPUT, { field: 'year' });
    return (await this.deadlines.calendarFor(p.tenantId)).holidays(y).map((h) => PublicHolidayDto.of(h));
  }
}
