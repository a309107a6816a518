import { ApiProperty } from '@nestjs/swagger';
import type { FailedJob } from '../job-engine.js';

export class FailedJobDto {
  @ApiProperty({ description: 'Deterministic job id (usable as is in the retry path).' })
  id: string;

  @ApiProperty({ example: 'audit.verify' })
  name: string;

  @ApiProperty({
    description: 'The ids the job works on.',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  payload: Record<string, string>;

  @ApiProperty({ description: 'Attempts made.' })
  attempts: number;

  @ApiProperty({ description: 'Error of the last attempt.' })
  lastError: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  failedAt: string | null;

  static from(job: FailedJob): FailedJobDto {
    const dto = new FailedJobDto();
    dto.id = job.id;
    dto.name = job.name;
    dto.payload = { ...job.payload };
    dto.attempts = job.attempts;
    dto.lastError = job.lastError;
    dto.failedAt = job.failedAt ? job.failedAt.toISOString() : null;
    return dto;
  }
}

export class FailedJobListDto {
  @ApiProperty({ type: [FailedJobDto] })
  items: FailedJobDto[];
}

export class JobRetryDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: ['waiting'] })
  status: 'waiting';
}
