/** UNTDID 7143 item type identification codes (BT-158 scheme identifier). */
export const UNTDID_7143_CODES: readonly string[] =
  'AA AB AC AD AE AF AG AH AI AJ AK AL AM AN AO AP AQ AR AS AT AU AV AW AX AY AZ BA BB BC BD BE BF BG BH BI BJ BK BL BM BN BO BP BQ BR BS BT BU BV BW BX BY BZ CC CG CL CR CV DR DW EC EF EMD EN FS GB GN GMN GS HS IB IN IS IT IZ MA MF MN MP NB ON PD PL PO PPI PV QS RC RN RU RY SA SG SK SN SRS SRT SRU SRV SRW SRX SRY SRZ SS SSA SSB SSC SSD SSE SSF SSG SSH SSI SSJ SSK SSL SSM SSN SSO SSP SSQ SSR SSS SST SSU SSV SSW SSX SSY SSZ ST STA STB STC STD STE STF STG STH STI STJ STK STL STM STN STO STP STQ STR STS STT STU STV STW STX STY STZ SUA SUB SUC SUD SUE SUF SUG SUH SUI SUJ SUK SUL SUM TG TSN TSO TSP TSQ TSR TSS TST TSU UA UP VN VP VS VX ZZZ'.split(
    ' ',
  );

/** BR-TMP-CVD-01 accepts UNTDID 7143 and the XRechnung scheme 'CVD', searched as a blank-framed list. */
export const UNTDID_7143_CVD_LIST = ` CVD ${UNTDID_7143_CODES.join(' ')} `;

/** Vehicle categories admitted as BT-158 with scheme 'CVD' (BR-DE-CVD-04). */
export const CVD_VEHICLE_CATEGORIES: readonly string[] = ['M1', 'M2', 'M3', 'N1', 'N2', 'N3'];

/** Values of the item attribute 'cva' (BR-DE-CVD-05). */
export const CVA_CODES: readonly string[] = ['clean', 'zero-emission', 'other'];
