import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { actorOf } from '../auth/actor.js';
import { CurrentPrincipal, type Principal, Roles } from '../auth/auth.contract.js';
import { RecordSettingsDto } from './dto/record-settings.dto.js';
import { parseRecordSettings, RecordsService } from './records.service.js';

/** The case-record settings of the caller's own tenant: Aktenplan key, Akte rule, Aktenzeichen patterns, retention. */
@ApiTags('admin')
@Controller('api/v1/admin/records/settings')
@Roles('admin')
export class RecordsSettingsController {
  constructor(private readonly records: RecordsService) {}

  @Get()
  @ApiOperation({ summary: 'The case-record settings (defaults until changed)' })
  @ApiOkResponse({ type: RecordSettingsDto })
  async get(@CurrentPrincipal() p: Principal): Promise<RecordSettingsDto> {
    return RecordSettingsDto.of(await this.records.settings(p.tenantId));
  }

  @Put()
  @ApiOperation({
    summary: 'Replace the case-record settings (all fields)',
    description:
      'Patterns take `{plan}`, `{year}`, `{seq:N}` (zero-padded to N digits) and, for the Vorgang, `{akte}`; ' +
      'an Akte pattern needs `{seq}`, a Vorgang pattern `{akte}` and `{seq}`. Invalid input is refused with 422 ' +
      '`RECORDS_SETTINGS_INVALID` naming `error.details.field` and `problem`. Changes apply to Akten and Vorgänge ' +
      'created afterwards; a change is audited (`record.settings_updated`).',
  })
  @ApiBody({ type: RecordSettingsDto })
  @ApiOkResponse({ type: RecordSettingsDto })
  @ApiUnprocessableEntityResponse({ description: 'A field is invalid (`error.details.field`)' })
  async update(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<RecordSettingsDto> {
    const input = parseRecordSettings(body);
    return RecordSettingsDto.of(await this.records.updateSettings(p.tenantId, input, actorOf(p)));
  }
}
