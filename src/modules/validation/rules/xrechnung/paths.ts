/** CII paths from the root element, shared by the XRechnung rule files. */
export const TX = 'rsm:SupplyChainTradeTransaction';
export const AGREEMENT = `${TX}/ram:ApplicableHeaderTradeAgreement`;
export const DELIVERY = `${TX}/ram:ApplicableHeaderTradeDelivery`;
export const SETTLEMENT = `${TX}/ram:ApplicableHeaderTradeSettlement`;
export const LINE = `${TX}/ram:IncludedSupplyChainTradeLineItem`;
export const SELLER = `${AGREEMENT}/ram:SellerTradeParty`;
export const BUYER = `${AGREEMENT}/ram:BuyerTradeParty`;
export const PAYMENT_MEANS = `${SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans`;
