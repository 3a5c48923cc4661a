/** Amounts of money: a value type every module uses, depending on no other module. */
package dev.stepup.bank.money;
