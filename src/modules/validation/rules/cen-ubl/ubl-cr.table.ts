/**
 * The UBL-CR "should not be present" rules of the EN 16931 UBL syntax binding, as data.
 *
 * Each group lists consecutive rule numbers: rule `start + i` forbids `prefix + tails[i]`
 * ('-' marks a number the official set does not use). Paths are evaluated from the
 * document root; '(cac:InvoiceLine|cac:CreditNoteLine)/' covers both line types, a
 * leading '//' searches the whole document and a final '@name' step asks for an attribute.
 * All are warnings except where `FATAL_CR` says otherwise.
 */
type Group = readonly [start: number, prefix: string, tails: string];

const DOCREF =
  'cbc:CopyIndicator cbc:UUID cbc:IssueDate cbc:IssueTime cbc:DocumentTypeCode cbc:DocumentType cbc:XPath cbc:LanguageID ' +
  'cbc:LocaleCode cbc:VersionID cbc:DocumentStatusCode cbc:DocumentDescription cac:Attachment cac:ValidityPeriod cac:IssuerParty ' +
  'cac:ResultOfVerification';
const ADDRESS =
  'cbc:ID cbc:AddressTypeCode cbc:AddressFormatCode cbc:Postbox cbc:Floor cbc:Room cbc:BlockName cbc:BuildingName ' +
  'cbc:BuildingNumber cbc:InhouseMail cbc:Department cbc:MarkAttention cbc:MarkCare cbc:PlotIdentification ' +
  'cbc:CitySubdivisionName cbc:CountrySubentityCode cbc:Region cbc:District cbc:TimezoneOffset cac:Country/cbc:Name ' +
  'cac:LocationCoordinate';
const PARTY_TAX =
  'cbc:RegistrationName cbc:TaxLevelCode cbc:ExemptionReasonCode cbc:ExemptionReason cac:RegistrationAddress ' +
  'cac:TaxScheme/cbc:Name cac:TaxScheme/cbc:TaxTypeCode cac:TaxScheme/cbc:CurrencyCode cac:TaxScheme/cac:JurisdictionRegionAddress';
const TAX_CATEGORY =
  'cbc:Name cbc:BaseUnitMeasure cbc:PerUnitAmount cbc:TaxExemptionReasonCode cbc:TaxExemptionReason cbc:TierRange ' +
  'cbc:TierRatePercent cac:TaxScheme/cbc:Name cac:TaxScheme/cbc:TaxTypeCode cac:TaxScheme/cbc:CurrencyCode ' +
  'cac:TaxScheme/cac:JurisdictionRegionAddress';
const ITEM_ID =
  'cbc:ExtendedID cbc:BarcodeSymbologyID cac:PhysicalAttribute cac:MeasurementDimension cac:IssuerParty';
const PARTY_MISC =
  'cac:Person cac:AgentParty cac:ServiceProviderParty cac:PowerOfAttorney cac:FinancialAccount';
const CONTACT = 'cbc:ID cbc:Telefax cbc:Note cac:OtherCommunication';
const PARTY_HEAD = 'cbc:MarkCareIndicator cbc:MarkAttentionIndicator cbc:WebsiteURI cbc:LogoReferenceID';

const ASP = 'cac:AccountingSupplierParty/';
const ACP = 'cac:AccountingCustomerParty/';
const TRP = 'cac:TaxRepresentativeParty/';
const LINE = '(cac:InvoiceLine|cac:CreditNoteLine)/';
const PM = 'cac:PaymentMeans/';

const GROUPS: readonly Group[] = [
  [1, '', 'ext:UBLExtensions'],
  [
    3,
    '',
    'cbc:ProfileExecutionID cbc:CopyIndicator cbc:UUID cbc:IssueTime cbc:PricingCurrencyCode cbc:PaymentCurrencyCode cbc:PaymentAlternativeCurrencyCode cbc:AccountingCostCode cbc:LineCountNumeric',
  ],
  [12, 'cac:InvoicePeriod/', 'cbc:StartTime cbc:EndTime cbc:DurationMeasure cbc:Description'],
  [
    16,
    'cac:OrderReference/',
    'cbc:CopyIndicator cbc:UUID cbc:IssueDate cbc:IssueTime cbc:CustomerReference cbc:OrderTypeCode cac:DocumentReference',
  ],
  [
    23,
    'cac:BillingReference/cac:InvoiceDocumentReference/',
    'cbc:CopyIndicator cbc:UUID cbc:IssueTime cbc:DocumentTypeCode cbc:DocumentType cbc:XPath cbc:LanguageID cbc:LocaleCode cbc:VersionID cbc:DocumentStatusCode cbc:DocumentDescription cac:Attachment cac:ValidityPeriod cac:IssuerParty cac:ResultOfVerification',
  ],
  [
    38,
    'cac:BillingReference/',
    'cac:SelfBilledInvoiceDocumentReference cac:CreditNoteDocumentReference cac:SelfBilledCreditNoteDocumentReference cac:DebitNoteDocumentReference cac:ReminderDocumentReference cac:AdditionalDocumentReference cac:BillingReferenceLine',
  ],
  [45, 'cac:DespatchDocumentReference/', DOCREF],
  [61, 'cac:ReceiptDocumentReference/', DOCREF],
  [77, '', 'cac:StatementDocumentReference'],
  [78, 'cac:OriginatorDocumentReference/', DOCREF],
  [94, 'cac:ContractDocumentReference/', DOCREF],
  [
    110,
    'cac:AdditionalDocumentReference/',
    'cbc:CopyIndicator cbc:UUID cbc:IssueDate cbc:IssueTime cbc:DocumentType cbc:XPath cbc:LanguageID cbc:LocaleCode cbc:VersionID cbc:DocumentStatusCode',
  ],
  [
    121,
    'cac:AdditionalDocumentReference/cac:Attachment/cac:ExternalReference/',
    'cbc:DocumentHash cbc:HashAlgorithmMethod cbc:ExpiryDate cbc:ExpiryTime cbc:MimeCode cbc:FormatCode cbc:EncodingCode cbc:CharacterSetCode cbc:FileName cbc:Description',
  ],
  [131, 'cac:AdditionalDocumentReference/', 'cac:ValidityPeriod cac:IssuerParty cac:ResultOfVerification'],
  [134, 'cac:ProjectReference/', 'cbc:UUID cbc:IssueDate cac:WorkPhaseReference'],
  [137, '', 'cac:Signature'],
  [138, ASP, 'cbc:CustomerAssignedAccountID cbc:AdditionalAccountID cbc:DataSendingCapability'],
  [141, ASP + 'cac:Party/', `${PARTY_HEAD} cbc:IndustryClassificationCode cac:Language`],
  [147, ASP + 'cac:Party/cac:PostalAddress/', ADDRESS],
  [168, ASP + 'cac:Party/', 'cac:PhysicalLocation'],
  [169, ASP + 'cac:Party/cac:PartyTaxScheme/', PARTY_TAX],
  [
    178,
    ASP + 'cac:Party/cac:PartyLegalEntity/',
    'cbc:RegistrationDate cbc:RegistrationExpirationDate cbc:CompanyLegalFormCode cbc:SoleProprietorshipIndicator cbc:CompanyLiquidationStatusCode cbc:CorporateStockAmount cbc:FullyPaidSharesIndicator cac:RegistrationAddress cac:CorporateRegistrationScheme cac:HeadOfficeParty cac:ShareholderParty',
  ],
  [189, ASP + 'cac:Party/cac:Contact/', CONTACT],
  [193, ASP + 'cac:Party/', PARTY_MISC],
  [198, ASP, 'cac:DespatchContact cac:AccountingContact cac:SellerContact'],
  [201, ACP, 'cbc:CustomerAssignedAccountID cbc:SupplierAssignedAccountID cbc:AdditionalAccountID'],
  [204, ACP + 'cac:Party/', `${PARTY_HEAD} cbc:IndustryClassificationCode cac:Language`],
  [210, ACP + 'cac:Party/cac:PostalAddress/', ADDRESS],
  [231, ACP + 'cac:Party/', 'cac:PhysicalLocation'],
  [232, ACP + 'cac:Party/cac:PartyTaxScheme/', PARTY_TAX],
  [
    241,
    ACP + 'cac:Party/cac:PartyLegalEntity/',
    'cbc:RegistrationDate cbc:RegistrationExpirationDate cbc:CompanyLegalFormCode cbc:CompanyLegalForm cbc:SoleProprietorshipIndicator cbc:CompanyLiquidationStatusCode cbc:CorporateStockAmount cbc:FullyPaidSharesIndicator cac:RegistrationAddress cac:CorporateRegistrationScheme cac:HeadOfficeParty cac:ShareholderParty',
  ],
  [253, ACP + 'cac:Party/cac:Contact/', CONTACT],
  [257, ACP + 'cac:Party/', PARTY_MISC],
  [262, ACP, 'cac:DeliveryContact cac:AccountingContact cac:BuyerContact'],
  [
    265,
    'cac:PayeeParty/',
    `${PARTY_HEAD} cbc:EndpointID cbc:IndustryClassificationCode cac:Language cac:PostalAddress cac:PhysicalLocation cac:PartyTaxScheme`,
  ],
  [
    275,
    'cac:PayeeParty/cac:PartyLegalEntity/',
    'cbc:RegistrationName cbc:RegistrationDate cbc:RegistrationExpirationDate cbc:CompanyLegalFormCode cbc:CompanyLegalForm cbc:SoleProprietorshipIndicator cbc:CompanyLiquidationStatusCode cbc:CorporateStockAmount cbc:FullyPaidSharesIndicator cac:RegistrationAddress cac:CorporateRegistrationScheme cac:HeadOfficeParty cac:ShareholderParty',
  ],
  [288, 'cac:PayeeParty/', `cac:Contact ${PARTY_MISC}`],
  [294, '', 'cac:BuyerCustomerParty cac:SellerSupplierParty'],
  [
    296,
    TRP,
    `${PARTY_HEAD} cbc:EndpointID cbc:IndustryClassificationCode cac:PartyIdentification cac:Language`,
  ],
  [304, TRP + 'cac:PostalAddress/', ADDRESS],
  [325, TRP, 'cac:PhysicalLocation'],
  [326, TRP + 'cac:PartyTaxScheme/', PARTY_TAX],
  [335, TRP, `cac:PartyLegalEntity cac:Contact ${PARTY_MISC}`],
  [
    342,
    'cac:Delivery/',
    'cbc:ID cbc:Quantity cbc:MinimumQuantity cbc:MaximumQuantity cbc:ActualDeliveryTime cbc:LatestDeliveryDate cbc:LatestDeliveryTime cbc:ReleaseID cbc:TrackingID',
  ],
  [
    351,
    'cac:Delivery/cac:DeliveryLocation/',
    'cbc:Description cbc:Conditions cbc:CountrySubentity cbc:CountrySubentityCode cbc:LocationTypeCode cbc:InformationURI cbc:Name cac:ValidityPeriod',
  ],
  [359, 'cac:Delivery/cac:DeliveryLocation/cac:Address/', ADDRESS],
  [380, 'cac:Delivery/cac:DeliveryLocation/', 'cac:SubsidiaryLocation cac:LocationCoordinate'],
  [
    382,
    'cac:Delivery/',
    'cac:AlternativeDeliveryLocation cac:RequestedDeliveryPeriod cac:EstimatedDeliveryPeriod cac:CarrierParty',
  ],
  [
    386,
    'cac:Delivery/cac:DeliveryParty/',
    `${PARTY_HEAD} cbc:EndpointID cbc:IndustryClassificationCode cac:PartyIdentification cac:Language cac:PostalAddress cac:PhysicalLocation cac:PartyTaxScheme cac:PartyLegalEntity cac:Contact ${PARTY_MISC}`,
  ],
  [
    404,
    'cac:Delivery/',
    'cac:NotifyParty cac:Despatch cac:DeliveryTerms cac:MinimumDeliveryUnit cac:MaximumDeliveryUnit cac:Shipment',
  ],
  [410, '', 'cac:DeliveryTerms'],
  [411, PM, 'cbc:ID'],
  [413, PM, 'cbc:PaymentChannelCode cbc:InstructionID'],
  [
    415,
    PM + 'cac:CardAccount/',
    'cbc:CardTypeCode cbc:ValidityStartDate cbc:ExpiryDate cbc:IssuerID cbc:IssueNumberID cbc:CV2ID cbc:CardChipCode cbc:ChipApplicationID',
  ],
  [
    424,
    PM + 'cac:PayeeFinancialAccount/',
    'cbc:AliasName cbc:AccountTypeCode cbc:AccountFormatCode cbc:CurrencyCode cbc:PaymentNote cac:FinancialInstitutionBranch/cbc:Name cac:FinancialInstitutionBranch/cac:FinancialInstitution/cbc:Name cac:FinancialInstitutionBranch/cac:FinancialInstitution/cac:Address cac:FinancialInstitutionBranch/cac:Address cac:Country',
  ],
  [434, PM, 'cac:CreditAccount'],
  [
    435,
    PM + 'cac:PaymentMandate/',
    'cbc:MandateTypeCode cbc:MaximumPaymentInstructionsNumeric cbc:MaximumPaidAmount cbc:SignatureID cac:PayerParty',
  ],
  [
    440,
    PM + 'cac:PaymentMandate/cac:PayerFinancialAccount/',
    'cbc:Name cbc:AliasName cbc:AccountTypeCode cbc:AccountFormatCode cbc:CurrencyCode cbc:PaymentNote cac:FinancialInstitutionBranch cac:Country',
  ],
  [448, PM + 'cac:PaymentMandate/', 'cac:ValidityPeriod cac:PaymentReversalPeriod cac:Clause'],
  [451, PM, 'cac:TradeFinancing'],
  [
    452,
    'cac:PaymentTerms/',
    'cbc:ID cbc:PaymentMeansID cbc:PrepaidPaymentReferenceID cbc:ReferenceEventCode cbc:SettlementDiscountPercent cbc:PenaltySurchargePercent cbc:PaymentPercent cbc:Amount cbc:SettlementDiscountAmount cbc:PenaltyAmount cbc:PaymentTermsDetailsURI cbc:PaymentDueDate cbc:InstallmentDueDate cbc:InvoicingPartyReference cac:SettlementPeriod cac:PenaltyPeriod cac:ExchangeRate cac:ValidityPeriod',
  ],
  [470, '', 'cac:PrepaidPayment'],
  [
    471,
    'cac:AllowanceCharge/',
    'cbc:ID cbc:PrepaidIndicator cbc:SequenceNumeric cbc:AccountingCostCode cbc:AccountingCost cbc:PerUnitAmount',
  ],
  [477, 'cac:AllowanceCharge/cac:TaxCategory/', TAX_CATEGORY],
  [488, 'cac:AllowanceCharge/', 'cac:TaxTotal cac:PaymentMeans'],
  [
    490,
    '',
    'cac:TaxExchangeRate cac:PricingExchangeRate cac:PaymentExchangeRate cac:PaymentAlternativeExchangeRate',
  ],
  [494, 'cac:TaxTotal/', 'cbc:RoundingAmount cbc:TaxEvidenceIndicator cbc:TaxIncludedIndicator'],
  [
    497,
    'cac:TaxTotal/cac:TaxSubtotal/',
    'cbc:CalculationSequenceNumeric cbc:TransactionCurrencyTaxAmount cbc:Percent cbc:BaseUnitMeasure cbc:PerUnitAmount cbc:TierRange cbc:TierRatePercent',
  ],
  [
    504,
    'cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/',
    'cbc:Name cbc:BaseUnitMeasure cbc:PerUnitAmount cbc:TierRange cbc:TierRatePercent cac:TaxScheme/cbc:Name cac:TaxScheme/cbc:TaxTypeCode cac:TaxScheme/cbc:CurrencyCode cac:TaxScheme/cac:JurisdictionRegionAddress',
  ],
  [513, '', 'cac:WithholdingTaxTotal cac:LegalMonetaryTotal/cbc:PayableAlternativeAmount'],
  [
    515,
    LINE,
    'cbc:UUID cbc:TaxPointDate cbc:AccountingCostCode cbc:PaymentPurposeCode cbc:FreeOfChargeIndicator',
  ],
  [
    520,
    LINE + 'cac:InvoicePeriod/',
    'cbc:StartTime cbc:EndTime cbc:DurationMeasure cbc:DescriptionCode cbc:Description',
  ],
  [
    525,
    LINE + 'cac:OrderLineReference/',
    'cbc:SalesOrderLineID cbc:UUID cbc:LineStatusCode cac:OrderReference',
  ],
  [529, LINE, 'cac:DespatchLineReference cac:ReceiptLineReference cac:BillingReference'],
  [
    532,
    LINE + 'cac:DocumentReference/',
    'cbc:CopyIndicator cbc:UUID cbc:IssueDate cbc:IssueTime - cbc:DocumentType cbc:XPath cbc:LanguageID cbc:LocaleCode cbc:VersionID cbc:DocumentStatusCode cbc:DocumentDescription cac:Attachment cac:ValidityPeriod cac:IssuerParty cac:ResultOfVerification',
  ],
  [548, LINE, 'cac:PricingReference cac:OriginatorParty cac:Delivery cac:PaymentTerms'],
  [
    552,
    LINE + 'cac:AllowanceCharge/',
    'cbc:ID cbc:PrepaidIndicator cbc:SequenceNumeric cbc:AccountingCostCode cbc:AccountingCost cbc:PerUnitAmount cac:TaxCategory cac:TaxTotal cac:PaymentMeans',
  ],
  [561, LINE, 'cac:TaxTotal cac:WithholdingTaxTotal'],
  [
    563,
    LINE + 'cac:Item/',
    'cbc:PackQuantity cbc:PackSizeNumeric cbc:CatalogueIndicator cbc:HazardousRiskIndicator cbc:AdditionalInformation cbc:Keyword cbc:BrandName cbc:ModelName',
  ],
  [571, LINE + 'cac:Item/cac:BuyersItemIdentification/', ITEM_ID],
  [576, LINE + 'cac:Item/cac:SellersItemIdentification/', ITEM_ID],
  [581, LINE + 'cac:Item/', 'cac:ManufacturersItemIdentification'],
  [582, LINE + 'cac:Item/cac:StandardItemIdentification/', ITEM_ID],
  [
    587,
    LINE + 'cac:Item/',
    'cac:CatalogueItemIdentification cac:AdditionalItemIdentification cac:CatalogueDocumentReference cac:ItemSpecificationDocumentReference cac:OriginCountry/cbc:Name',
  ],
  [592, LINE + 'cac:Item/cac:CommodityClassification/', 'cbc:NatureCode cbc:CargoTypeCode cbc:CommodityCode'],
  [595, LINE + 'cac:Item/', 'cac:TransactionConditions cac:HazardousItem'],
  [597, LINE + 'cac:Item/cac:ClassifiedTaxCategory/', TAX_CATEGORY],
  [
    608,
    LINE + 'cac:Item/cac:AdditionalItemProperty/',
    'cbc:ID cbc:NameCode cbc:TestMethod cbc:ValueQuantity cbc:ValueQualifier cbc:ImportanceCode cbc:ListValue cac:UsabilityPeriod cac:ItemPropertyGroup cac:RangeDimension cac:ItemPropertyRange',
  ],
  [
    619,
    LINE + 'cac:Item/',
    'cac:ManufacturerParty cac:InformationContentProviderParty cac:OriginAddress cac:ItemInstance cac:Certificate cac:Dimension',
  ],
  // 629/630 name cbc:ValidityPeriod and cbc:PriceList in the official set (elements that are cac: in UBL), kept as they are.
  [
    625,
    LINE + 'cac:Price/',
    'cbc:PriceChangeReason cbc:PriceTypeCode cbc:PriceType cbc:OrderableUnitFactorRate cbc:ValidityPeriod cbc:PriceList cbc:OrderableUnitFactorRate',
  ],
  [
    632,
    LINE + 'cac:Price/cac:AllowanceCharge/',
    'cbc:ID cbc:AllowanceChargeReasonCode cbc:AllowanceChargeReason cbc:MultiplierFactorNumeric cbc:PrepaidIndicator cbc:SequenceNumeric cbc:AccountingCostCode cbc:AccountingCost cbc:PerUnitAmount cac:TaxCategory cac:TaxTotal cac:PaymentMeans',
  ],
  [644, LINE + 'cac:Price/', 'cac:PricingExchangeRate'],
  [645, LINE, 'cac:DeliveryTerms cac:SubInvoiceLine cac:ItemPriceExtension'],
  [
    648,
    '',
    'cbc:CustomizationID/@schemeID cbc:ProfileID/@schemeID cbc:ID/@schemeID cbc:SalesOrderID/@schemeID //cac:PartyTaxScheme/cbc:CompanyID/@schemeID',
  ],
  [
    653,
    PM,
    'cbc:PaymentID/@schemeID cac:PayeeFinancialAccount/cbc:ID/@schemeID cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID/@schemeID',
  ],
  [
    656,
    '',
    'cbc:InvoiceTypeCode/@listID cbc:DocumentCurrencyCode/@listID cbc:TaxCurrencyCode/@listID cac:AdditionalDocumentReference/cbc:DocumentTypeCode/@listID //cac:Country/cbc:IdentificationCode/@listID cac:PaymentMeans/cbc:PaymentMeansCode/@listID //cbc:AllowanceChargeReasonCode/@listID //@unitCodeListID //cac:FinancialInstitution',
  ],
  [
    667,
    '',
    '//cac:BuyersItemIdentification/cbc:ID/@schemeID //cac:SellersItemIdentification/cbc:ID/@schemeID //cac:Price/cac:AllowanceCharge/cbc:AllowanceChargeReasonCode //cac:Price/cac:AllowanceCharge/cbc:AllowanceChargeReason //cac:Price/cac:AllowanceCharge/cbc:MultiplierFactorNumeric cbc:CreditNoteTypeCode/@listID',
  ],
  [
    674,
    '',
    '//cbc:PrimaryAccountNumber/@schemeID //cac:CardAccount/cbc:NetworkID/@schemeID //cac:PaymentMandate/cbc:ID/@schemeID //cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID/@schemeID //cac:TaxCategory/cbc:ID/@schemeID //cac:ClassifiedTaxCategory/cbc:ID/@schemeID //cac:PaymentMeans/cac:PayerFinancialAccount cac:PaymentMeans/cbc:InstructionNote cac:Delivery/cac:DeliveryAddress',
  ],
];

export interface CrEntry {
  readonly id: string;
  readonly path: string;
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}

/** The plain "path must not exist" rules, expanded from the groups above. */
export const CR_PATHS: readonly CrEntry[] = GROUPS.flatMap(([start, prefix, tails]) =>
  tails
    .split(' ')
    .map((tail, i) => ({ n: start + i, tail }))
    .filter(({ tail }) => tail !== '-')
    .map(({ n, tail }) => ({
      id: `UBL-CR-${pad(n)}`,
      path: tail.startsWith('//') ? tail : prefix + tail,
    })),
);
