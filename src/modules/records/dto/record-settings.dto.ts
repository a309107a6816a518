import { ApiProperty } from '@nestjs/swagger';
import { AKTE_RULES } from '../filing/aktenzeichen.js';
import type { RecordSettings } from '../records.repository.js';

export class RecordSettingsDto {
  @ApiProperty({ example: '902.31', description: 'Aktenplan key the Akten are filed under (`{plan}`)' })
  aktenplanKey: string;

  @ApiProperty({
    enum: AKTE_RULES,
    description:
      'One Akte per year, per year and supplier (VAT id, else name), or per year and Kostenstelle (BT-19, else the first Kontierung line)',
  })
  akteRule: string;

  @ApiProperty({ example: '{plan}-{year}/{seq:3}' })
  aktePattern: string;

  @ApiProperty({ example: '{akte}-{seq:5}' })
  vorgangPattern: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: null,
    description: 'Years a Beleg is kept; null: 8 (§ 147 AO), 10 in SN and NI (municipal Kassenrecht)',
  })
  retentionYears: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 25,
    description:
      'Years for invoices whose Kontierung has an Investitionsnummer (Fördermittel); null: no such rule',
  })
  subsidyRetentionYears: number | null;

  static of(s: RecordSettings): RecordSettingsDto {
    return Object.assign(new RecordSettingsDto(), {
      aktenplanKey: s.aktenplanKey,
      akteRule: s.akteRule,
      aktePattern: s.aktePattern,
      vorgangPattern: s.vorgangPattern,
      retentionYears: s.retentionYears,
      subsidyRetentionYears: s.subsidyRetentionYears,
    });
  }
}
