import { ApiProperty } from '@nestjs/swagger';
import type { AuditVerificationEntity } from '../audit-verification/audit-verification.entity.js';

export class AuditBreakDto {
  @ApiProperty({ description: 'Sequence number of the first broken entry.', example: '42' })
  seq: string;

  @ApiProperty({ enum: ['hash-mismatch', 'prev-hash-mismatch', 'seq-gap', 'head-mismatch'] })
  reason: string;

  @ApiProperty()
  detail: string;
}

export class AuditVerificationResultDto {
  @ApiProperty({
    description:
      "True when the whole chain is intact. A break anywhere counts: the chain links every tenant's entries, and a changed entry may be one moved from this tenant to another.",
  })
  ok: boolean;

  @ApiProperty({ description: "This tenant's entries checked (up to the first broken link)." })
  checked: number;

  @ApiProperty({ type: AuditBreakDto, nullable: true })
  firstBroken: AuditBreakDto | null;
}

export class AuditVerificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['pending', 'completed'] })
  status: 'pending' | 'completed';

  @ApiProperty({ type: String, format: 'date-time' })
  requestedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: string | null;

  @ApiProperty({ type: AuditVerificationResultDto, nullable: true })
  result: AuditVerificationResultDto | null;

  static from(e: AuditVerificationEntity): AuditVerificationDto {
    const dto = new AuditVerificationDto();
    dto.id = e.id;
    dto.status = e.status;
    dto.requestedAt = e.requestedAt.toISOString();
    dto.completedAt = e.completedAt ? e.completedAt.toISOString() : null;
    dto.result =
      e.status === 'completed' && e.ok !== null && e.checked !== null
        ? { ok: e.ok, checked: e.checked, firstBroken: e.firstBroken }
        : null;
    return dto;
  }
}
