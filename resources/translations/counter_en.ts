<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="vi_VN">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../ui/dialogs/action_dialog.py" line="+293"/>
        <source>Khi đã cấu hình chữ ký số</source>
        <translation>When a signing token is configured</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Để trống nếu không có bản điện tử</source>
        <translation>Leave empty when there is no electronic copy</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Chọn tệp PDF…</source>
        <translation>Choose a PDF file…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Chọn kết quả điện tử</source>
        <translation>Choose the electronic result</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ApplicantFields</name>
    <message>
        <location filename="../../ui/screens/intake/applicant.py" line="+53"/>
        <source>12 chữ số, hoặc quét mã QR trên thẻ CCCD</source>
        <translation>12 digits, or scan the QR code on the ID card</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>dd/mm/yyyy hoặc ddmm</source>
        <translation>dd/mm/yyyy or ddmm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gõ ngày và tháng (ddmm): năm lấy theo số định danh đã nhập.</source>
        <translation>Type the day and month (ddmm): the year is taken from the ID number.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Số nhà, đường, thôn/ấp</source>
        <translation>House number, street, village/hamlet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Giới tính</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Thư điện tử</source>
        <translation>Email</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tỉnh, thành phố</source>
        <translation>Province or city</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Xã, phường</source>
        <translation>Commune or ward</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>Đã điền thông tin của {name} từ hồ sơ trước.</source>
        <translation>Filled in {name}’s details from an earlier dossier.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Thẻ CCCD của người khác</source>
        <translation>Another person&apos;s ID card</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Đang tiếp nhận dở hồ sơ «{procedure}» của {holder}.</source>
        <translation>An intake of «{procedure}» for {holder} is half done.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Đang nhập dở thông tin của {holder}.</source>
        <translation>The details of {holder} are half typed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Thẻ vừa quét là của {name}.</source>
        <translation>The card just scanned belongs to {name}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hồ sơ mới: bỏ hồ sơ đang nhập, bắt đầu tiếp nhận cho {name}. Thay người nộp: giữ thủ tục và giấy tờ đã đánh dấu, thay toàn bộ thông tin người nộp.</source>
        <translation>New dossier: drop the intake being typed and start one for {name}. Replace the applicant: keep the procedure and the ticked papers, replace all of the applicant&apos;s details.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hồ sơ mới cho {name}</source>
        <translation>New dossier for {name}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Thay người nộp</source>
        <translation>Replace the applicant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bỏ qua thẻ vừa quét</source>
        <translation>Ignore the card</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Đã đọc thẻ CCCD của {name}.</source>
        <translation>Read the ID card of {name}.</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Ngày sinh phải có dạng ngày/tháng/năm, ví dụ 05/09/1990.</source>
        <translation>The date of birth must be day/month/year, for example 05/09/1990.</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../ui/dialogs/backup.py" line="+66"/>
        <source>Sao lưu và khôi phục</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Thư mục sao lưu: {folder}
Phần mềm tự sao lưu mỗi ngày và giữ {keep} bản mới nhất. Mỗi bản được kiểm tra toàn vẹn ngay sau khi ghi.</source>
        <translation>Backup folder: {folder}
The program backs up every day and keeps the {keep} newest copies. Each copy is checked for integrity right after it is written.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Chọn &amp;nơi lưu thứ hai…</source>
        <translation>Choose a &amp;second place…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bỏ nơi lưu thứ hai</source>
        <translation>Drop the second place</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Thời điểm sao lưu</source>
        <translation>Taken at</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dung lượng</source>
        <translation>Size</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kiểm tra</source>
        <translation>Check</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Sao lưu ngay</source>
        <translation>&amp;Back up now</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Kiểm tra bản đã chọn</source>
        <translation>&amp;Check the selected backup</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Khôi phục bản đã chọn…</source>
        <translation>&amp;Restore the selected backup…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sao lưu và khôi phục dữ liệu</source>
        <translation>Back up and restore data</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>đã kiểm tra khi sao lưu</source>
        <translation>checked when taken</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Chưa có bản sao lưu nào. Bấm «Sao lưu ngay» để tạo bản đầu tiên.</source>
        <translation>No backups yet. Click “Back up now” to make the first one.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Đang sao lưu…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+55"/>
        <source>tốt · {n} hồ sơ</source>
        <translation>good · {n} dossiers</translation>
    </message>
    <message>
        <location line="-53"/>
        <source>Đã sao lưu {n} hồ sơ lúc {when} ({size}).</source>
        <translation>Backed up {n} dossiers at {when} ({size}).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Đã chép thêm một bản vào {folder}.</source>
        <translation>A second copy was written to {folder}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Chọn nơi lưu thứ hai (ổ đĩa khác, USB)</source>
        <translation>Choose a second place (another disk, a USB stick)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Nơi lưu thứ hai: chưa chọn. Nên chọn một ổ đĩa khác hoặc USB, để còn bản sao lưu khi ổ đĩa của máy hỏng.</source>
        <translation>Second place: none chosen. Choose another disk or a USB stick, so a backup survives when this computer&apos;s disk fails.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nơi lưu thứ hai: {folder} (mỗi bản sao lưu được chép thêm vào đây).</source>
        <translation>Second place: {folder} (every backup is also copied here).</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Đang kiểm tra bản sao lưu…</source>
        <translation>Checking the backup…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Bản sao lưu nguyên vẹn, có {n} hồ sơ.</source>
        <translation>The backup is intact and holds {n} dossiers.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>HỎNG</source>
        <translation>DAMAGED</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Khôi phục dữ liệu</source>
        <translation>Restore data</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Khôi phục dữ liệu về bản sao lưu lúc {when}?</source>
        <translation>Restore the data to the backup taken at {when}?</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Quầy này đã đăng ký đồng bộ: ngay sau khi khôi phục, phần mềm tự đồng bộ để lấy lại từ máy chủ những hồ sơ và thay đổi quầy đã gửi lên sau thời điểm đó. Những gì chưa kịp gửi lên máy chủ sẽ không còn trong phần mềm. Nếu lúc đó không kết nối được máy chủ, hãy đồng bộ trước khi tiếp nhận hồ sơ mới, để không cấp trùng mã hồ sơ.</source>
        <translation>This counter is registered for sync: right after the restore, the software syncs to take back from the server the dossiers and changes this counter sent after that time. Anything not yet sent to the server will no longer be in the software. If the server cannot be reached then, sync before receiving new dossiers, so that no dossier code is issued twice.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Mọi hồ sơ và thay đổi trên máy này sau thời điểm đó sẽ không còn trong phần mềm.</source>
        <translation>Every dossier and change made on this computer after that time will no longer be in the software.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dữ liệu hiện tại được giữ lại thành một tệp riêng bên cạnh cơ sở dữ liệu. Sau khi khôi phục, mọi người phải đăng nhập lại.</source>
        <translation>The current data is kept as a separate file beside the database. After the restore, everyone has to sign in again.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Đang đếm những gì sẽ mất…</source>
        <translation>Counting what would be lost…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Khôi phục</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Không đếm được những gì sẽ mất: {m}</source>
        <translation>Could not count what would be lost: {m}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Không có gì mới hơn bản sao lưu này: không mất hồ sơ, người dùng hay cài đặt nào.</source>
        <translation>Nothing is newer than this backup: no dossier, user or setting would be lost.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} hồ sơ tiếp nhận sau thời điểm đó</source>
        <translation>{n} dossiers received after that time</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>những gì ghi thêm trên {n} hồ sơ khác (chuyển, trả kết quả…)</source>
        <translation>what was recorded since on {n} other dossiers (hand-overs, results returned…)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} văn bản xin lỗi (Mẫu 04)</source>
        <translation>{n} apology letters (Form 04)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} người dùng mới hoặc đã sửa</source>
        <translation>{n} users added or changed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} thay đổi trong cài đặt (cơ quan, ngày nghỉ, thủ tục)</source>
        <translation>{n} changes in the settings (office, days off, procedures)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sẽ mất:</source>
        <translation>Would be lost:</translation>
    </message>
</context>
<context>
    <name>CatalogueTab</name>
    <message>
        <location filename="../../ui/screens/settings/catalogue.py" line="+33"/>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tên thủ tục</source>
        <translation>Procedure name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thời hạn</source>
        <translation>Time allowed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phí</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Giấy tờ</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Áp dụng</source>
        <translation>In use</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Thêm &amp;thủ tục…</source>
        <translation>Add &amp;procedure…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Sửa thủ tục và thành phần hồ sơ…</source>
        <translation>&amp;Edit procedure and documents…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>có</source>
        <translation>yes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>không</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Miễn phí</source>
        <translation>Free of charge</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HĐND tỉnh (chưa nhập)</source>
        <translation>Provincial (not entered)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>/trang</source>
        <translation>/page</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>/bản</source>
        <translation>/copy</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Đã thêm thủ tục {key}.</source>
        <translation>Procedure {key} added.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hãy chọn một thủ tục trong danh sách.</source>
        <translation>Choose a procedure in the list.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Đã lưu thủ tục {key}.</source>
        <translation>Procedure {key} saved.</translation>
    </message>
</context>
<context>
    <name>CountdownBar</name>
    <message>
        <location filename="../../ui/return_mode.py" line="+108"/>
        <source>Trả kết quả hồ sơ {code} cho {name} — Esc: hủy · F8: người khác nhận · Enter: trả ngay</source>
        <translation>Returning the result of dossier {code} to {name} — Esc: cancel · F8: someone else collects · Enter: return now</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>còn {s} giây</source>
        <translation>{s} s left</translation>
    </message>
</context>
<context>
    <name>DailyBackup</name>
    <message>
        <location filename="../../ui/autobackup.py" line="+109"/>
        <source>Sao lưu tự động chưa thực hiện được: {m}</source>
        <translation>The automatic backup could not be taken: {m}</translation>
    </message>
</context>
<context>
    <name>DayEdit</name>
    <message>
        <location filename="../../ui/fields.py" line="+23"/>
        <source>Ngày vừa gõ chưa đủ hoặc không có thật: hãy gõ ngày, tháng, năm liền nhau (ví dụ 24122026) hoặc có dấu / (24/12/2026).</source>
        <translation>The date typed is incomplete or does not exist: type day, month and year together (e.g. 24122026) or with / (24/12/2026).</translation>
    </message>
</context>
<context>
    <name>DaysTab</name>
    <message>
        <location filename="../../ui/screens/settings/days.py" line="+70"/>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Các ngày khác lịch làm việc thường lệ trong năm: nghỉ lễ, Tết theo luật và nghỉ bù, ngày hoán đổi, ngày làm bù, ngày nghỉ thêm của cơ quan. Hãy đối chiếu với thông báo của Chính phủ mỗi năm và thêm hoặc xóa ngày ở dưới.</source>
        <translation>The days of the year that differ from the usual working week: statutory holidays and Tết with their compensatory days, swapped days, make-up working days, the office&apos;s extra days off. Check them against the government&apos;s announcement each year and add or remove days below.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Thứ</source>
        <translation>Weekday</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lý do, số quyết định…</source>
        <translation>Reason, decision number…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thêm</source>
        <translation>Add</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Xóa ngày đã chọn</source>
        <translation>Remove the selected day</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Thêm ngày</source>
        <translation>Add a day</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thêm {weekday} {d} với loại «{kind}»?</source>
        <translation>Add {weekday} {d} as «{kind}»?</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Hạn trả của các hồ sơ đang giải quyết được tính lại theo lịch mới: hồ sơ có thời hạn đi qua ngày này sẽ đổi ngày hẹn trả.</source>
        <translation>Due dates of dossiers in progress are recomputed with the new calendar: dossiers whose time limit runs across this day get a new due date.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Thêm ngày này</source>
        <translation>Add this day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Đã thêm ngày {d}.</source>
        <translation>Day {d} added.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ngày {d} là ngày nghỉ theo luật hoặc theo lịch của Chính phủ, không xóa được. Nếu cơ quan vẫn làm việc ngày này, hãy thêm ngày đó với loại «Không nghỉ».</source>
        <translation>{d} is a day off by law or by the government&apos;s schedule and cannot be removed. If the office works that day, add it with the kind “Not a day off”.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Đã xóa ngày {d}.</source>
        <translation>Day {d} removed.</translation>
    </message>
</context>
<context>
    <name>DigitiseDialog</name>
    <message>
        <location filename="../../ui/dialogs/digitise.py" line="+66"/>
        <source>Số hóa hồ sơ {code}</source>
        <translation>Digitise dossier {code}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Máy quét</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thư mục quét (máy photocopy)</source>
        <translation>Scan folder (copier)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tệp ảnh hoặc PDF</source>
        <translation>Image or PDF files</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Đang tìm máy quét…</source>
        <translation>Looking for scanners…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thư mục máy quét lưu tệp vào</source>
        <translation>Folder the scanner saves to</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chọn…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+116"/>
        <source>Chưa chọn tệp.</source>
        <translation>No file chosen.</translation>
    </message>
    <message>
        <location line="-115"/>
        <source>Chọn tệp…</source>
        <translation>Choose files…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Quét màu (giấy có dấu đỏ, ảnh màu)</source>
        <translation>Colour (red seals, colour photos)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Lấy trang</source>
        <translation>&amp;Get pages</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>◀ Lên trước</source>
        <translation>◀ Earlier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ra sau ▶</source>
        <translation>Later ▶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Xoay ↻</source>
        <translation>Rotate ↻</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bỏ trang</source>
        <translation>Remove page</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quét lại trang</source>
        <translation>Rescan page</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Mã PIN của chữ ký số</source>
        <translation>Signing token PIN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ký bằng chữ ký số của người số hóa; nhập mã PIN.</source>
        <translation>Signed with the digitiser&apos;s digital signature; enter the PIN.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quầy chưa cấu hình chữ ký số: bản số hóa được lưu KHÔNG ký và được đếm riêng.</source>
        <translation>No signing token is set up on this counter: the scan is saved UNSIGNED and counted apart.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Lưu bản số hóa</source>
        <translation>&amp;Save scan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nguồn</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Các trang (theo thứ tự lưu):</source>
        <translation>Pages (in the order saved):</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Thuộc giấy tờ</source>
        <translation>Paper</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chữ ký số</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Không thấy máy quét nào.</source>
        <translation>No scanner found.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Thư mục quét</source>
        <translation>Scan folder</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Chọn tệp ảnh hoặc PDF</source>
        <translation>Choose image or PDF files</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ảnh, PDF (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</source>
        <translation>Images, PDF (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Chưa chọn máy quét.</source>
        <translation>No scanner chosen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Chọn thư mục máy quét lưu tệp vào.</source>
        <translation>Choose the folder the scanner saves to.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Chưa chọn tệp ảnh hoặc PDF.</source>
        <translation>No image or PDF file chosen.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Đang lấy trang…</source>
        <translation>Getting pages…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Không có trang mới nào.</source>
        <translation>No new pages.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Đã lấy {n} trang.</source>
        <translation>Got {n} page(s).</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Nhập mã PIN của chữ ký số để ký.</source>
        <translation>Enter the signing token PIN to sign.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Đang lưu và ký…</source>
        <translation>Saving and signing…</translation>
    </message>
</context>
<context>
    <name>DocumentChecklist</name>
    <message>
        <location filename="../../ui/screens/intake/checklist.py" line="+34"/>
        <source>Đã nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Giấy tờ</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bản chính</source>
        <translation>Originals</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location line="+61"/>
        <source> (nếu có)</source>
        <translation> (if any)</translation>
    </message>
</context>
<context>
    <name>DossierScreen</name>
    <message>
        <location filename="../../ui/screens/dossier.py" line="+84"/>
        <source>← Quay lại (Esc)</source>
        <translation>← Back (Esc)</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Thông tin hồ sơ</source>
        <translation>Dossier details</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hình thức nộp</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nhận kết quả</source>
        <translation>Result delivery</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tiếp nhận lúc</source>
        <translation>Received at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Có kết quả lúc</source>
        <translation>Resolved at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trả kết quả lúc</source>
        <translation>Returned at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phí, lệ phí</source>
        <translation>Fees and charges</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đang giữ hồ sơ</source>
        <translation>Held by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đánh giá</source>
        <translation>Satisfaction survey</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Thời điểm</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sự kiện</source>
        <translation>Event</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Người thực hiện</source>
        <translation>By</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Quá trình giải quyết</source>
        <translation>Processing history</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bản chính</source>
        <translation>Originals</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Số hóa</source>
        <translation>Digitise</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Giấy tờ đã nhận</source>
        <translation>Documents received</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Thao tác</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>In / In lại (Ctrl+P)</source>
        <translation>&amp;Print / Reprint (Ctrl+P)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Số hó&amp;a (Ctrl+Shift+D)</source>
        <translation>Di&amp;gitise (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Biểu mẫu:</source>
        <translation>Form:</translation>
    </message>
    <message>
        <location line="+55"/>
        <source> · đã xin lỗi {n} lần</source>
        <translation> · apologised {n} time(s)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · CÓ XUNG ĐỘT</source>
        <translation> · IN CONFLICT</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Thủ tục: {name} ({code})</source>
        <translation>Procedure: {name} ({code})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> (hạn ban đầu {d})</source>
        <translation> (original deadline {d})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Miễn phí</source>
        <translation>Free of charge</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> · đã thu {m} ({how})</source>
        <translation> · {m} collected ({how})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> · biên lai số {numbers}</source>
        <translation> · receipt no. {numbers}</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>{action} cho {name} (Enter)</source>
        <translation>{action} to {name} (Enter)</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Hồ sơ quá hạn, chưa có văn bản xin lỗi (Mẫu 04). Nhấn F7 để lập.</source>
        <translation>The dossier is overdue and has no apology letter (Form 04). Press F7 to write it.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hồ sơ đến hạn trả lúc {due} mà chưa có kết quả, chưa có văn bản xin lỗi (Mẫu 04). Nhấn F7 để lập.</source>
        <translation>The dossier is due at {due}, has no result yet and no apology letter (Form 04). Press F7 to write it.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{label} (xung đột)</source>
        <translation>{label} (conflict)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{name} (nộp bổ sung {day})</source>
        <translation>{name} (supplemented {day})</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Chưa ghi nhận giấy tờ nào.</source>
        <translation>No documents recorded.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nhấp đúp để mở bản số hóa</source>
        <translation>Double-click to open the scan</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Đang tải bản số hóa từ máy chủ…</source>
        <translation>Fetching the scan from the server…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Không mở được bản số hóa: {why} Hãy báo quản trị kiểm tra máy này (counter audit verify).</source>
        <translation>Could not open the scan: {why} Ask the administrator to check this PC (counter audit verify).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Bản số hóa này do quầy khác lưu, chưa tải được về máy này: {why}</source>
        <translation>This scan was saved on another counter and could not be fetched: {why}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{signed}/{n} bản đã ký số</source>
        <translation>{signed} of {n} signed</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} trang, {how}</source>
        <translation>{n} page(s), {how}</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>đã ký số</source>
        <translation>signed</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>chưa ký</source>
        <translation>unsigned</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, tái sử dụng từ hồ sơ {codes}</source>
        <translation>, reused from dossier {codes}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Hồ sơ đang «{status}»: không thể {action}.</source>
        <translation>The dossier is “{status}”: cannot {action}.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Đã ghi nhận: {action}.</source>
        <translation>Recorded: {action}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mời công dân đánh giá mức độ hài lòng (Enter).</source>
        <translation>Ask the citizen to rate their satisfaction (Enter).</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Đã lưu bản số hóa «{line}» ({n} trang{signed}).</source>
        <translation>Scan of «{line}» saved ({n} page(s){signed}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, đã ký số</source>
        <translation>, signed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>, chưa ký</source>
        <translation>, unsigned</translation>
    </message>
</context>
<context>
    <name>DossierTableModel</name>
    <message>
        <location filename="../../ui/models/dossier_table.py" line="+80"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tiến độ</source>
        <translation>Timeliness</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hình thức nộp</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location line="+240"/>
        <source> (đã xin lỗi)</source>
        <translation> (apologised)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Đã xin lỗi</source>
        <translation>Apologised</translation>
    </message>
</context>
<context>
    <name>DossiersScreen</name>
    <message>
        <location filename="../../ui/screens/dossiers.py" line="+39"/>
        <source>Mọi thời gian</source>
        <translation>Any time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hôm nay</source>
        <translation>Today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tuần này</source>
        <translation>This week</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tháng này</source>
        <translation>This month</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>30 ngày qua</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Năm nay</source>
        <translation>This year</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Tìm theo tên, số định danh, mã hồ sơ, tên thủ tục (không cần dấu)…</source>
        <translation>Search by name, ID number, dossier code, procedure (accents optional)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mọi trạng thái</source>
        <translation>Any status</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mọi tiến độ</source>
        <translation>Any timeliness</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Mọi hình thức nộp</source>
        <translation>Any channel</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Bỏ lọc này (Esc trong ô tìm kiếm)</source>
        <translation>Clear this filter (Esc in the search box)</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Mọi thủ tục</source>
        <translation>Any procedure</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Tìm trong mọi hồ sơ (đã bỏ lọc «{name}»).</source>
        <translation>Searching all dossiers (the filter «{name}» was cleared).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Đang tìm…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Xung đột sau đồng bộ</source>
        <translation>Conflicts after sync</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Đang lọc: {name}  ✕</source>
        <translation>Filtered: {name}  ✕</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>{n} hồ sơ</source>
        <translation>{n} dossiers</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Danh sách có {n} hồ sơ: đã đảo thứ tự để hiện những hồ sơ cuối danh sách trước (bấm tiêu đề cột để sắp xếp lại).</source>
        <translation>The list has {n} dossiers: its order was turned round to show the last ones first (click a column header to sort again).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Đang đọc đến cuối danh sách…</source>
        <translation>Reading to the end of the list…</translation>
    </message>
</context>
<context>
    <name>FirstRunScreen</name>
    <message>
        <location filename="../../ui/screens/first_run.py" line="+36"/>
        <source>Cơ quan chủ quản (dòng 1 tiêu đề)</source>
        <translation>Governing body (header line 1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tên bộ phận (dòng 2 tiêu đề)</source>
        <translation>Unit name (header line 2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Địa danh (ghi trên ngày tháng)</source>
        <translation>Place name (printed before the date)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mã định danh cơ quan</source>
        <translation>Office identifier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Người ký văn bản (Mẫu 04, 05)</source>
        <translation>Signer of letters (forms 04, 05)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Giờ làm việc</source>
        <translation>Office hours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Giờ tiếp nhận cuối ngày</source>
        <translation>Last intake of the day</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>KT. CHỦ TỊCH</source>
        <translation>KT. CHỦ TỊCH (for the chair)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PHÓ CHỦ TỊCH</source>
        <translation>PHÓ CHỦ TỊCH (vice-chair)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Họ và tên người ký</source>
        <translation>Signer&apos;s full name</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nhập lại mật khẩu</source>
        <translation>Password again</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Bắt đầu sử dụng</source>
        <translation>Getting started</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Máy này chưa có dữ liệu của cơ quan nào. Chọn cách bắt đầu:</source>
        <translation>This PC holds no office&apos;s data yet. Choose how to start:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dùng thử với dữ liệu mẫu</source>
        <translation>Try it with demo data</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mở một cơ quan mẫu với hồ sơ mẫu để làm quen. Dữ liệu mẫu nằm trong một tệp riêng, không bao giờ được đồng bộ và không lẫn vào dữ liệu thật.</source>
        <translation>Open a demo office with demo dossiers to get to know the program. The demo data lives in a file of its own, is never synced and never mixes with real data.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+26"/>
        <source>Thiết lập cơ quan với máy chủ đồng bộ</source>
        <translation>Set up the office with a sync server</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Nhập địa chỉ máy chủ và mã đăng ký do quản trị máy chủ cấp: thông tin cơ quan, tài khoản và danh mục thủ tục được tải về máy này.</source>
        <translation>Enter the server&apos;s address and the enrolment code the server&apos;s operator gave you: the office&apos;s details, accounts and procedure catalogue are downloaded to this PC.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+54"/>
        <source>Thiết lập cơ quan không có máy chủ</source>
        <translation>Set up the office without a server</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>Nhập tiêu đề cơ quan, mã định danh, giờ làm việc và tài khoản quản trị đầu tiên. Có thể đăng ký với máy chủ sau.</source>
        <translation>Enter the office&apos;s header, identifier, office hours and the first admin account. The counter can be enrolled with a server later.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Quản trị máy chủ cấp mã đăng ký cho quầy này (counter server enroll). Thông tin cơ quan, tài khoản và danh mục thủ tục được tải về ngay khi đăng ký xong.</source>
        <translation>The server&apos;s operator issues an enrolment code for this counter (counter server enroll). The office&apos;s details, accounts and procedure catalogue are downloaded as soon as the counter is enrolled.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Địa chỉ máy chủ</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mã đăng ký</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+59"/>
        <source>Quay lại (Esc)</source>
        <translation>Back (Esc)</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>Đăng ký và tải thông tin cơ quan</source>
        <translation>Enrol and download the office</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Cơ quan</source>
        <translation>Office</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quản trị viên đầu tiên</source>
        <translation>First admin</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>ví dụ: quantri</source>
        <translation>e.g. quantri</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ngày làm việc (thứ Hai đến thứ Sáu), ngày nghỉ, tài khoản ngân hàng, người dùng khác: sửa sau trong Cài đặt. Danh mục thủ tục quốc gia được nạp sẵn.</source>
        <translation>Working days (Monday to Friday), days off, bank account, other users: change them later in Settings. The national procedure catalogue is loaded.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Thiết lập cơ quan</source>
        <translation>Set up the office</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Đang kết nối máy chủ…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Đã đăng ký quầy với máy chủ, nhưng máy chủ chưa có thông tin cơ quan này nên chưa tiếp nhận được hồ sơ. Nhờ quản trị máy chủ thiết lập cơ quan (counter server office setup TỆP.json), rồi bấm «Đăng ký và tải thông tin cơ quan» lại, để trống mã đăng ký.</source>
        <translation>The counter is enrolled with the server, but the server has no data for this office yet, so no dossier can be received. Ask the server&apos;s operator to set the office up (counter server office setup FILE.json), then press «Enrol and download the office» again with the enrolment code left empty.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Hãy điền «{label}».</source>
        <translation>Please fill in «{label}».</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hai lần nhập mật khẩu không giống nhau.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../ui/screens/home.py" line="+23"/>
        <source>Đến hạn trả hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hẹn trả ngày mai, chưa xong (cần xin lỗi)</source>
        <translation>Due tomorrow, not done (apology needed)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quá hạn chưa có văn bản xin lỗi</source>
        <translation>Overdue without an apology letter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chờ công dân bổ sung</source>
        <translation>Waiting for the citizen’s supplement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đã có kết quả, chờ trả</source>
        <translation>Result ready to return</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Xung đột sau đồng bộ</source>
        <translation>Conflicts after sync</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chậm ở bước đang xử lý</source>
        <translation>Late at the current step</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hồ sơ hẹn trả vào ngày làm việc tiếp theo (sau ngày nghỉ là ngày làm việc đầu tiên) mà chưa giải quyết xong: cần gửi văn bản xin lỗi (Mẫu 04) trước ngày hẹn.</source>
        <translation>Dossiers due on the next working day (after a day off, the first working day) that are not resolved yet: the apology letter (Form 04) must be sent before the due day.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hồ sơ đã quá hạn mà chưa có văn bản xin lỗi (Mẫu 04).</source>
        <translation>Overdue dossiers without an apology letter (Form 04).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hồ sơ đã quá hạn của bước đang xử lý theo quy trình nội bộ (chưa chắc đã quá hạn trả kết quả): danh sách bên dưới cho biết bước, bộ phận và người đang giữ hồ sơ.</source>
        <translation>Dossiers past the deadline of the step they are at in the internal process (not necessarily past the return date): the list below names the step, the body and the person holding each.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Việc hôm nay</source>
        <translation>Today&apos;s work</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>F2: tiếp nhận hồ sơ mới · F3: danh sách hồ sơ · F4: báo cáo · Ctrl+F: tìm · F5: làm mới · quét mã vạch ở bất cứ đâu để mở hồ sơ</source>
        <translation>F2: new intake · F3: dossier list · F4: reports · Ctrl+F: search · F5: refresh · scan a barcode anywhere to open a dossier</translation>
    </message>
    <message>
        <location line="+39"/>
        <location line="+39"/>
        <source>Hôm nay {day}</source>
        <translation>Today {day}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Hôm nay {day} · {place}</source>
        <translation>Today {day} · {place}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{code} · bước {step}: {name} · {body} · {official} · hạn {due}</source>
        <translation>{code} · step {step}: {name} · {body} · {official} · due {due}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>… và {n} hồ sơ khác (F4: báo cáo theo người, bộ phận)</source>
        <translation>… and {n} more (F4: report by person and body)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Chậm ở bước đang xử lý:</source>
        <translation>Late at the current step:</translation>
    </message>
</context>
<context>
    <name>IntakeChecks</name>
    <message>
        <location filename="../../ui/screens/intake/checks.py" line="+42"/>
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Năm sinh trong số định danh ({id_year}) khác năm sinh đã nhập ({year}).</source>
        <translation>The birth year in the ID number ({id_year}) differs from the one typed ({year}).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Giới tính trong số định danh ({id_sex}) khác giới tính đã chọn ({sex}).</source>
        <translation>The sex in the ID number ({id_sex}) differs from the one chosen ({sex}).</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Tên «{name}» thường là của {other}, giới tính đang là {sex}: kiểm tra lại.</source>
        <translation>The name «{name}» is usually a {other}&apos;s, the sex is {sex}: check again.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>nữ</source>
        <translation>woman</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>nam</source>
        <translation>man</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Giới tính {sex} lấy theo số định danh: kiểm tra lại với người nộp.</source>
        <translation>Sex {sex} taken from the ID number: check with the applicant.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>địa chỉ</source>
        <translation>address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>số điện thoại</source>
        <translation>phone number</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Chưa có {what}: Mẫu 01 sẽ để trống (dấu chấm).</source>
        <translation>No {what} yet: Form 01 will leave it blank (dots).</translation>
    </message>
</context>
<context>
    <name>IntakeScreen</name>
    <message>
        <location filename="../../ui/screens/intake/screen.py" line="+64"/>
        <location line="+169"/>
        <source>Nhận đủ tất cả (Ctrl+D)</source>
        <translation>All received (Ctrl+D)</translation>
    </message>
    <message>
        <location line="-166"/>
        <source>Đánh dấu đã nhận mọi giấy tờ bắt buộc; giấy tờ «nếu có» đánh dấu riêng. Đã tự đánh dấu giấy tờ bắt buộc (hồ sơ chưa đủ): giữ nguyên, chỉ chuyển sang người nộp.</source>
        <translation>Marks every mandatory paper received; «if any» papers are marked one by one. Once mandatory papers were marked by hand (an incomplete dossier): keeps them and moves on to the applicant.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Thành phần hồ sơ (Space: đã nhận, Tab: đi tiếp)</source>
        <translation>Papers of the dossier (Space: received, Tab: move on)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;Lưu và in (Ctrl+S)</source>
        <translation>&amp;Save and print (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In lại phiếu vừa lưu (Ctrl+Shift+P)</source>
        <translation>Reprint the form just saved (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mở hồ sơ vừa lưu (Ctrl+Shift+O)</source>
        <translation>Open the dossier just saved (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Làm lại</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Receive a dossier</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hẹn trả kết quả</source>
        <translation>Result due</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>Xong giấy tờ, sang người nộp (Ctrl+D)</source>
        <translation>Papers done, on to the applicant (Ctrl+D)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Chọn thủ tục để tính ngày hẹn trả.</source>
        <translation>Choose a procedure to compute the due date.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Từ chối tiếp nhận: in Mẫu 03.</source>
        <translation>Refused: prints Form 03.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hồ sơ chưa đủ: in Phiếu yêu cầu bổ sung (Mẫu 02).</source>
        <translation>Incomplete dossier: prints the supplement request (Form 02).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Còn thiếu: {docs}</source>
        <translation>Missing: {docs}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hẹn trả: {when}</source>
        <translation>Due: {when}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{time}; {why}</source>
        <translation>{time}; {why}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Hãy chọn thủ tục hành chính.</source>
        <translation>Choose the administrative procedure.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Hãy ghi lý do từ chối.</source>
        <translation>Write the reason for refusing.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source> Đã thu {fee}.</source>
        <translation> {fee} collected.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Đã tiếp nhận hồ sơ {code}, hẹn trả {due}.</source>
        <translation>Dossier {code} received, due {due}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Đã lưu hồ sơ {code}: yêu cầu bổ sung {docs} (Mẫu 02).</source>
        <translation>Dossier {code} saved: supplement requested for {docs} (Form 02).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Đã lưu hồ sơ {code}: từ chối tiếp nhận (Mẫu 03).</source>
        <translation>Dossier {code} saved: refused at intake (Form 03).</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>người nộp chưa nhập tên</source>
        <translation>an applicant with no name yet</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Hồ sơ chưa lưu</source>
        <translation>Dossier not saved</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hồ sơ đang tiếp nhận của {who} chưa được lưu.</source>
        <translation>The intake for {who} is not saved.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Đóng phần mềm thì hồ sơ đang nhập sẽ mất.</source>
        <translation>Closing the program loses the intake being typed.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quay lại tiếp nhận</source>
        <translation>Back to the intake</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Đóng, bỏ hồ sơ đang nhập</source>
        <translation>Close, drop the intake</translation>
    </message>
</context>
<context>
    <name>LateStepsView</name>
    <message>
        <location filename="../../ui/screens/report_steps.py" line="+35"/>
        <location line="+7"/>
        <source>Người xử lý</source>
        <translation>Official</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+1"/>
        <source>Số hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+5"/>
        <source>Cơ quan, bộ phận</source>
        <translation>Body or unit</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bước</source>
        <translation>Step</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hạn của bước</source>
        <translation>Step due</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{n} hồ sơ đã quá hạn của bước đang xử lý, tính đến {time}.</source>
        <translation>{n} dossiers past the deadline of their current step, as of {time}.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/app.py" line="+309"/>
        <location filename="../../ui/main_window.py" line="+77"/>
        <location line="+118"/>
        <source>Bộ phận Một cửa</source>
        <translation>One-Stop Counter</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="+49"/>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Hồ sơ</source>
        <translation>&amp;Dossier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Xem</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tiếp nhận hồ sơ mới</source>
        <translation>New intake</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Danh sách hồ sơ</source>
        <translation>Dossier list</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tìm hồ sơ</source>
        <translation>Find a dossier</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In</source>
        <translation>Print</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lưu hồ sơ đang tiếp nhận</source>
        <translation>Save the intake</translation>
    </message>
    <message>
        <location line="-171"/>
        <location line="+200"/>
        <source>Trang chủ</source>
        <translation>Home</translation>
    </message>
    <message>
        <location line="-173"/>
        <source>DỮ LIỆU MẪU — không phải dữ liệu thật của cơ quan, không bao giờ đồng bộ</source>
        <translation>DEMO DATA — not the office&apos;s real data, never synced</translation>
    </message>
    <message>
        <location line="+176"/>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+180"/>
        <source>Báo cáo thống kê</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location line="-382"/>
        <location line="+205"/>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location line="-208"/>
        <source>Tiếp nhận</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hồ sơ</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Báo cáo</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location line="+175"/>
        <source>Mở hồ sơ vừa lưu</source>
        <translation>Open the dossier just saved</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>In lại phiếu vừa lưu</source>
        <translation>Reprint the form just saved</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Quầy trả kết quả</source>
        <translation>Result return counter</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>In sổ theo dõi hồ sơ (Mẫu 07)…</source>
        <translation>Print the dossier register (Form 07)…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Công cụ</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sao lưu và khôi phục…</source>
        <translation>Backup and restore…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Khóa màn hình</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đăng xuất</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Quầy {n} · {name} ({role})</source>
        <translation>Counter {n} · {name} ({role})</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Chỉ quản trị viên được vào Cài đặt.</source>
        <translation>Only administrators may open Settings.</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>Đồng bộ xong. {m}</source>
        <translation>Sync finished. {m}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chưa đồng bộ được: {m}</source>
        <translation>Sync did not complete: {m}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Chỉ quản trị viên được sao lưu và khôi phục dữ liệu.</source>
        <translation>Only administrators may back up and restore data.</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Không tìm thấy hồ sơ mã «{code}».</source>
        <translation>No dossier with code “{code}”.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Mã vừa quét «{code}» không phải mã hồ sơ nào trong phần mềm, cũng không phải mã QR của thẻ CCCD. Hãy xem lại giấy tờ vừa quét, hoặc tìm hồ sơ theo tên, số định danh (Ctrl+F).</source>
        <translation>The code just scanned «{code}» is no dossier&apos;s code in the software, nor an ID card&apos;s QR code. Check the paper just scanned, or find the dossier by name or ID number (Ctrl+F).</translation>
    </message>
</context>
<context>
    <name>ModeStrip</name>
    <message>
        <location filename="../../ui/return_mode.py" line="-48"/>
        <source>QUẦY TRẢ KẾT QUẢ — quét phiếu hẹn là trả kết quả cho người nộp sau {s} giây (hồ sơ đã có kết quả, nhận tại quầy, đã thu đủ phí). {keys}: tắt.</source>
        <translation>RESULT RETURN COUNTER — scanning a receipt slip returns the result to the applicant after {s} seconds (result ready, collected at the counter, fees paid). {keys}: turn off.</translation>
    </message>
</context>
<context>
    <name>OfficeLoader</name>
    <message>
        <location filename="../../ui/app.py" line="-191"/>
        <source>Máy mới: đang tạo cơ sở dữ liệu…</source>
        <translation>New computer: creating the database…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Máy mới: đang tạo cơ quan mẫu, tài khoản và danh mục thủ tục…</source>
        <translation>New computer: creating the demo office, accounts and procedure catalogue…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Máy mới: đang tạo {n} hồ sơ mẫu để làm quen…</source>
        <translation>New computer: creating {n} demo dossiers to explore…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Đang nâng cấp dữ liệu lên phiên bản mới; với nhiều hồ sơ có thể mất vài phút. Xin đừng tắt chương trình.</source>
        <translation>Upgrading the data to the new version; with many dossiers this can take a few minutes. Please do not close the program.</translation>
    </message>
</context>
<context>
    <name>OfficeTab</name>
    <message>
        <location filename="../../ui/screens/settings/office.py" line="+107"/>
        <source>Ngày làm việc trong tuần</source>
        <translation>Working days of the week</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Số quầy của máy này</source>
        <translation>Counter number of this PC</translation>
    </message>
</context>
<context>
    <name>PapersTab</name>
    <message>
        <location filename="../../ui/screens/settings/papers.py" line="+39"/>
        <source>Máy in mặc định</source>
        <translation>Default printer</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../ui/dialogs/user.py" line="+147"/>
        <source>Đặt lại mật khẩu – {name}</source>
        <translation>Reset password – {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ít nhất 6 ký tự</source>
        <translation>at least 6 characters</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nhập lại mật khẩu</source>
        <translation>type the password again</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mật khẩu mới</source>
        <translation>New password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nhập lại mật khẩu</source>
        <translation>Repeat the password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đặt mật khẩu</source>
        <translation>Set password</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Hai lần nhập mật khẩu không giống nhau.</source>
        <translation>The two passwords are not the same.</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../../ui/dialogs/print_preview.py" line="+48"/>
        <source>Xem trước: {title} – {code}</source>
        <translation>Preview: {title} – {code}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;In (Ctrl+P)</source>
        <translation>&amp;Print (Ctrl+P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Lưu PDF…</source>
        <translation>&amp;Save PDF…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>&amp;In lại (Ctrl+P)</source>
        <translation>&amp;Reprint (Ctrl+P)</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Lưu biểu mẫu thành tệp PDF</source>
        <translation>Save the form as a PDF file</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Thư mục:</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tên tệp:</source>
        <translation>File name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loại tệp:</source>
        <translation>File type:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Không ghi được tệp {path}: {why}</source>
        <translation>Could not write {path}: {why}</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Hồ sơ đã được lưu. Ctrl+P: in; Esc: đóng; Alt+L: lưu biểu mẫu thành tệp PDF.</source>
        <translation>The dossier is saved. Ctrl+P: print; Esc: close; Alt+L: save the form as a PDF file.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Đã lưu {path}.</source>
        <translation>Saved {path}.</translation>
    </message>
</context>
<context>
    <name>ProcedureDialog</name>
    <message>
        <location filename="../../ui/dialogs/procedure.py" line="+59"/>
        <source>Thêm thủ tục</source>
        <translation>Add a procedure</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sửa thủ tục {code}</source>
        <translation>Edit procedure {code}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>mã thủ tục trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193</source>
        <translation>procedure code in the national database, e.g. 1.001193</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>từ trang </source>
        <translation>from page </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>không bậc</source>
        <translation>no second rate</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>tối đa </source>
        <translation>at most </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>không trần</source>
        <translation>no cap</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>trực tuyến </source>
        <translation>online </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trực tuyến: như trực tiếp</source>
        <translation>online: same as in person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mức do HĐND tỉnh quy định</source>
        <translation>Rate set by the provincial council</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Đang áp dụng (hiện khi tiếp nhận)</source>
        <translation>In use (offered at intake)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Mã thủ tục</source>
        <translation>Procedure code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tên thủ tục</source>
        <translation>Procedure name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thời hạn giải quyết</source>
        <translation>Time allowed</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Phí, lệ phí</source>
        <translation>Fees and charges</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ghi chú phí, lệ phí</source>
        <translation>Fee note</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cơ quan giải quyết</source>
        <translation>Resolving authority</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kết quả giải quyết</source>
        <translation>Result issued</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tên giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bản chính</source>
        <translation>Originals</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bắt buộc</source>
        <translation>Required</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Thêm giấy tờ</source>
        <translation>&amp;Add document</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Xóa giấy tờ</source>
        <translation>&amp;Remove document</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lên</source>
        <translation>Up</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Xuống</source>
        <translation>Down</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Thành phần hồ sơ (giấy tờ phải nộp)</source>
        <translation>Required documents (what the citizen hands in)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Thành phần hồ sơ</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quy trình nội bộ</source>
        <translation>Internal process</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lưu thủ tục</source>
        <translation>Save procedure</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+180"/>
        <source>Mã thủ tục «{code}» đã có trong danh mục.</source>
        <translation>Procedure code “{code}” is already in the catalogue.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Thủ tục phải có ít nhất một giấy tờ trong thành phần hồ sơ.</source>
        <translation>A procedure needs at least one required document.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Miễn phí</source>
        <translation>Free of charge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Theo trường hợp</source>
        <translation>Per case</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Theo bản</source>
        <translation>Per copy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Theo trang</source>
        <translation>Per page</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <location filename="../../ui/screens/intake/procedure.py" line="+32"/>
        <source>Gõ mã, tên, lĩnh vực hoặc chữ đầu (ks), không cần dấu; ↓ thủ tục hay dùng</source>
        <translation>Type a code, name, field or initials (ks), no accents needed; ↓ the usual procedures</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Thủ tục hành chính</source>
        <translation>Administrative procedure</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>{field} · Thời hạn: {time} · Phí, lệ phí: {fee}{result}</source>
        <translation>{field} · Time allowed: {time} · Fees: {fee}{result}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> · Kết quả: {name}</source>
        <translation> · Result: {name}</translation>
    </message>
</context>
<context>
    <name>ReceptionFields</name>
    <message>
        <location filename="../../ui/screens/intake/reception.py" line="+40"/>
        <source> trang</source>
        <translation> pages</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Số trang của bản chính (căn cứ tính phí)</source>
        <translation>Pages of the original (the fee is counted on them)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> bản</source>
        <translation> copies</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Số bản yêu cầu</source>
        <translation>Copies requested</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Số tiền thu; sửa khác mức tính thì phải ghi lý do</source>
        <translation>Amount to collect; a different amount needs a reason</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lý do sửa số tiền phí, lệ phí</source>
        <translation>Reason for changing the fee</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Chưa thu</source>
        <translation>Not collected</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Đã thu: {how}</source>
        <translation>Collected: {how}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Số biên lai</source>
        <translation>Receipt no.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Từ chối tiếp nhận (Mẫu 03), lý do:</source>
        <translation>Refuse to receive (Form 03), reason:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>In trên Mẫu 02, có thể bỏ trống</source>
        <translation>Printed on Form 02, may be left empty</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Khi thiếu giấy tờ: lý do in trên Phiếu yêu cầu bổ sung (Mẫu 02).</source>
        <translation>When documents are missing: the reason printed on the supplement request (Form 02).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Hình thức nộp</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nhận kết quả</source>
        <translation>Result delivery</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Phí, lệ phí</source>
        <translation>Fees and charges</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lý do sửa phí</source>
        <translation>Fee change reason</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Thu phí</source>
        <translation>Payment</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lý do bổ sung</source>
        <translation>Reason for the supplement</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Miễn phí</source>
        <translation>Free of charge</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(theo quy định {m})</source>
        <translation>(by the rule {m})</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <location filename="../../ui/dialogs/register.py" line="+38"/>
        <source>In sổ theo dõi hồ sơ (Mẫu 07)</source>
        <translation>Print the dossier register (Form 07)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Một &amp;ngày</source>
        <translation>One &amp;day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Một &amp;tháng</source>
        <translation>One &amp;month</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tháng {m}</source>
        <translation>Month {m}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Xem và in</source>
        <translation>Preview and print</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>ngày {d}</source>
        <translation>day {d}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>tháng {m:02d}/{y}</source>
        <translation>month {m:02d}/{y}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Đang lập sổ theo dõi…</source>
        <translation>Building the register…</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <location filename="../../ui/screens/reports.py" line="+54"/>
        <source>Quý</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tháng</source>
        <translation>Month</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Khoảng ngày</source>
        <translation>Date range</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kỳ báo cáo</source>
        <translation>Period</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>Lập báo cáo</source>
        <translation>Build report</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lập báo cáo (F5)</source>
        <translation>Build report (F5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Xuất Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Xuất PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Kỳ báo cáo:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Năm:</source>
        <translation>Year:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Từ ngày:</source>
        <translation>From:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>đến ngày:</source>
        <translation>to:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nhóm theo:</source>
        <translation>Group by:</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+289"/>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="-285"/>
        <source>Chỉ số</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Giá trị</source>
        <translation>Value</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Hồ sơ tiếp nhận theo tháng và hình thức</source>
        <translation>Dossiers received per month by channel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tỷ lệ giải quyết đúng hạn theo tháng (%)</source>
        <translation>On-time rate per month (%)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hồ sơ quá hạn theo thủ tục</source>
        <translation>Late dossiers by procedure</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location line="-148"/>
        <location line="+149"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location line="-145"/>
        <source>Quý {q} năm {y}</source>
        <translation>Quarter {q} {y}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tháng {m}/{y}</source>
        <translation>{m}/{y}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Năm {y}</source>
        <translation>Year {y}</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>Không có hồ sơ quá hạn</source>
        <translation>No late dossiers</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hạn trả theo quy định</source>
        <translation>Legal deadline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Văn bản xin lỗi</source>
        <translation>Apology letter</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Số liệu tổng hợp</source>
        <translation>Summary table</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chỉ số chất lượng</source>
        <translation>Quality indicators</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Biểu đồ</source>
        <translation>Charts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hồ sơ quá hạn</source>
        <translation>Late dossiers</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chậm theo bước</source>
        <translation>Late by step</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Quý {n}</source>
        <translation>Quarter {n}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tháng {n}</source>
        <translation>Month {n}</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>Đang lập báo cáo {period}…</source>
        <translation>Building the report for {period}…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{n} hồ sơ nhận giải quyết, {late} hồ sơ quá hạn.</source>
        <translation>{n} dossiers taken in, {late} overdue.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Kỳ báo cáo chưa kết thúc.</source>
        <translation>The period has not ended yet.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{period} — số liệu tính đến {time} ngày {day}</source>
        <translation>{period} — figures as of {time} on {day}</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Đã có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Chưa có</source>
        <translation>No</translation>
    </message>
    <message>
        <location line="-299"/>
        <source>Trực tiếp</source>
        <translation>In person</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bưu chính</source>
        <translation>By post</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <location line="+320"/>
        <source>Xuất báo cáo ra Excel</source>
        <translation>Export the report to Excel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Xuất báo cáo ra PDF</source>
        <translation>Export the report to PDF</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bảng tính Excel (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Báo cáo {period}</source>
        <translation>Report {period}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Đã ghi báo cáo vào {path}.</source>
        <translation>Report written to {path}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Đang ghi {name}…</source>
        <translation>Writing {name}…</translation>
    </message>
</context>
<context>
    <name>RestoreController</name>
    <message>
        <location filename="../../ui/restore.py" line="+41"/>
        <source>Đang có việc chạy nền (đồng bộ, sao lưu…). Hãy thử lại sau giây lát.</source>
        <translation>Work is running in the background (sync, backup…). Try again in a moment.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Đang khôi phục dữ liệu, xin chờ…</source>
        <translation>Restoring the data, please wait…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Đã khôi phục dữ liệu về bản sao lưu lúc {when}.</source>
        <translation>The data was restored to the backup of {when}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dữ liệu trước khi khôi phục được giữ tại {kept}.</source>
        <translation>The data as it was before the restore is kept at {kept}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hãy đăng nhập lại.</source>
        <translation>Please sign in again.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Đang đồng bộ để lấy lại từ máy chủ những hồ sơ quầy này đã gửi lên sau thời điểm sao lưu…</source>
        <translation>Syncing to take back from the server the dossiers this counter sent after the backup…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Đã lấy lại từ máy chủ đồng bộ {dossiers} hồ sơ tiếp nhận và {events} sự kiện quầy này đã gửi lên sau thời điểm sao lưu.</source>
        <translation>Took back from the sync server {dossiers} received dossiers and {events} events this counter had sent after the backup.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Chưa lấy lại được từ máy chủ những hồ sơ quầy này đã gửi lên sau thời điểm sao lưu: {reason}
Khi có mạng, hãy đăng nhập và bấm «Đồng bộ ngay» (Ctrl+Shift+S) trước khi tiếp nhận hồ sơ mới, để không cấp trùng mã hồ sơ đã giao cho công dân.</source>
        <translation>Could not yet take back from the server the dossiers this counter sent after the backup: {reason}
When the network is back, sign in and press “Sync now” (Ctrl+Shift+S) before receiving new dossiers, so that no code already given to a citizen is issued again.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Chưa khôi phục được: {m}</source>
        <translation>The restore did not complete: {m}</translation>
    </message>
</context>
<context>
    <name>ReturnMode</name>
    <message>
        <location filename="../../ui/return_mode.py" line="+129"/>
        <source>Đã hủy: chưa ghi nhận trả kết quả hồ sơ {code}.</source>
        <translation>Cancelled: the return of dossier {code} was not recorded.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Đã trả kết quả hồ sơ {code} cho {name}.</source>
        <translation>Returned the result of dossier {code} to {name}.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Chưa trả được kết quả hồ sơ {code}: {why}</source>
        <translation>The result of dossier {code} was not returned: {why}</translation>
    </message>
</context>
<context>
    <name>ReusablePapers</name>
    <message>
        <location filename="../../ui/screens/intake/reuse.py" line="+26"/>
        <source>Giấy tờ đã số hóa của người nộp (tái sử dụng)</source>
        <translation>Papers already digitised for the applicant (reuse)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Đánh dấu giấy tờ dùng lại bản đã số hóa thay cho yêu cầu công dân nộp bản giấy.</source>
        <translation>Tick a paper to reuse its digitised copy instead of asking the citizen for the paper.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>, đã ký số</source>
        <translation>, digitally signed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{paper} — hồ sơ {code}, số hóa {when}{signed}</source>
        <translation>{paper} — dossier {code}, digitised {when}{signed}</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../../ui/screens/settings/days.py" line="-162"/>
        <source>Ngày nghỉ thêm</source>
        <translation>Extra day off</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Không nghỉ (ngày lễ cơ quan vẫn làm việc)</source>
        <translation>Not a day off (the office works on this holiday)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ngày làm bù</source>
        <translation>Make-up working day</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nghỉ lễ, Tết (theo luật)</source>
        <translation>Public holiday (by law)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nghỉ hoán đổi (theo lịch của Chính phủ)</source>
        <translation>Swapped day off (government schedule)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ngày nghỉ thêm của cơ quan</source>
        <translation>Office&apos;s extra day off</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Làm bù (theo lịch của Chính phủ)</source>
        <translation>Make-up working day (government schedule)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings/office.py" line="-92"/>
        <source>Thứ Hai</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thứ Ba</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thứ Tư</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thứ Năm</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thứ Sáu</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thứ Bảy</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chủ nhật</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings/papers.py" line="-20"/>
        <source>Giấy cuộn 80 mm</source>
        <translation>80 mm roll</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings/screen.py" line="+65"/>
        <source>Cơ quan và quầy</source>
        <translation>Office and counter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ngày nghỉ</source>
        <translation>Days off</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Máy in và khổ giấy</source>
        <translation>Printers and paper</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Người dùng</source>
        <translation>Users</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Danh mục thủ tục</source>
        <translation>Procedure catalogue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chữ ký số</source>
        <translation>Digital signature</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Lưu cài đặt (Ctrl+S)</source>
        <translation>&amp;Save settings (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings/office.py" line="+19"/>
        <source>Mã định danh cơ quan</source>
        <translation>Office identifier</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cơ quan chủ quản (dòng 1 tiêu đề)</source>
        <translation>Governing body (header line 1)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tên bộ phận (dòng 2 tiêu đề)</source>
        <translation>Unit name (header line 2)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Địa danh (ghi trên ngày tháng)</source>
        <translation>Place name (written before the date)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Điện thoại, thư điện tử</source>
        <translation>Phone, e-mail</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thư điện tử</source>
        <translation>Email</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Người ký văn bản (Mẫu 04, 05)</source>
        <translation>Signer of letters (forms 04, 05)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>KT. CHỦ TỊCH</source>
        <translation>KT. CHỦ TỊCH (for the chair)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PHÓ CHỦ TỊCH</source>
        <translation>PHÓ CHỦ TỊCH (vice-chair)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Tài khoản nhận phí (VietQR)</source>
        <translation>Account for fees (VietQR)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mã BIN ngân hàng</source>
        <translation>Bank BIN</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Họ và tên người ký</source>
        <translation>Signer&apos;s full name</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Giờ làm việc (07:00-11:30,13:30-17:00)</source>
        <translation>Office hours (07:00-11:30,13:30-17:00)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Giờ tiếp nhận cuối ngày (HH:MM)</source>
        <translation>Same-day cut-off (HH:MM)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Số tài khoản</source>
        <translation>Account number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tên tài khoản</source>
        <translation>Account name</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Địa chỉ tra cứu hồ sơ (in trên mã QR)</source>
        <translation>Status page address (printed in the QR code)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings/screen.py" line="+85"/>
        <source>Đã lưu cài đặt.</source>
        <translation>Settings saved.</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <location filename="../../ui/screens/signin.py" line="+43"/>
        <location line="+6"/>
        <location line="+100"/>
        <location line="+1"/>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location line="-104"/>
        <source>ví dụ: motcua</source>
        <translation>for example: motcua</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Tài khoản mẫu: motcua / motcua123 (một cửa), chuyenvien / chuyenvien123, lanhdao / lanhdao123, admin / admin123.</source>
        <translation>Demo accounts: motcua / motcua123 (counter clerk), chuyenvien / chuyenvien123, lanhdao / lanhdao123, admin / admin123.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Màn hình đã khóa</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mở khóa</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Đang chuẩn bị dữ liệu, xin chờ: sẽ đăng nhập ngay khi xong…</source>
        <translation>Preparing the data, please wait: you will be signed in as soon as it is ready…</translation>
    </message>
</context>
<context>
    <name>StepsEditor</name>
    <message>
        <location filename="../../ui/dialogs/process_steps.py" line="+34"/>
        <source>Quy trình nội bộ (các bước và thời gian của từng bước)</source>
        <translation>Internal process (the steps and the time of each)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bước</source>
        <translation>Step</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cơ quan, bộ phận thực hiện</source>
        <translation>Body or unit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Thêm &amp;bước</source>
        <translation>Add &amp;step</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Xóa bước</source>
        <translation>Remove step</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quy trình &amp;mặc định</source>
        <translation>&amp;Default process</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Để trống: dùng quy trình mặc định theo thời hạn.</source>
        <translation>Empty: the default process for the time allowed.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thủ tục trả trong ngày: mọi bước có hạn trong ngày.</source>
        <translation>Same-day procedure: every step is due the same day.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tổng thời gian các bước: {total} / thời hạn giải quyết {amount}.</source>
        <translation>Time of all steps: {total} / time allowed {amount}.</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="+48"/>
        <location line="+115"/>
        <source>Đồng bộ với máy chủ</source>
        <translation>Sync with the server</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>Máy chủ</source>
        <translation>Server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cơ quan</source>
        <translation>Office</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quầy số</source>
        <translation>Counter number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đồng bộ thành công lần cuối</source>
        <translation>Last successful sync</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lần thử gần nhất</source>
        <translation>Last attempt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sự kiện chờ gửi</source>
        <translation>Events waiting to be sent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lỗi gần nhất</source>
        <translation>Last error</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hồ sơ có xung đột</source>
        <translation>Dossiers in conflict</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trao đổi với máy chủ và các quầy</source>
        <translation>Exchanges with the server and counters</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tự đồng bộ lần tới</source>
        <translation>Next automatic sync</translation>
    </message>
    <message>
        <location line="+14"/>
        <source> phút</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lưu &amp;giờ đồng bộ</source>
        <translation>Save sync &amp;time</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tự đồng bộ hằng đêm lúc</source>
        <translation>Sync every night at</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>rải ngẫu nhiên trong</source>
        <translation>spread at random over</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Đồng &amp;bộ ngay</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Xem hồ sơ &amp;xung đột</source>
        <translation>Review &amp;conflicts</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Đăng ký &amp;lại…</source>
        <translation>&amp;Register again…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Xuất tệp USB…</source>
        <translation>E&amp;xport USB file…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ghi các sự kiện máy chủ chưa có của quầy này ra tệp, để mang đi bằng USB</source>
        <translation>Write this counter&apos;s events the server does not have yet to a file, to carry on a USB stick</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nhập tệp &amp;USB…</source>
        <translation>Import &amp;USB file…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nhập tệp trả lời của máy chủ, hoặc tệp của một quầy khác trong cơ quan</source>
        <translation>Import the server&apos;s answer file, or a file from another counter of the office</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Đăng ký quầy với máy chủ đồng bộ</source>
        <translation>Register this counter with the sync server</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>https://dongbo.example.vn</source>
        <translation>https://dongbo.example.vn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>mã đăng ký một lần, ví dụ ABCD-EFGH-JKLM</source>
        <translation>one-time enrolment code, e.g. ABCD-EFGH-JKLM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đăng &amp;ký quầy</source>
        <translation>Re&amp;gister counter</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Địa chỉ máy chủ</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mã đăng ký</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Quầy này chưa đăng ký với máy chủ đồng bộ, nên chưa gửi và nhận được hồ sơ. Hãy nhờ quản trị viên đăng ký quầy (Công cụ → Đồng bộ ngay).</source>
        <translation>This counter is not registered with the sync server, so it cannot send or receive dossiers yet. Ask an administrator to register it (Tools → Sync now).</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>chưa lần nào</source>
        <translation>never</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>chưa đăng ký</source>
        <translation>not registered</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>không có</source>
        <translation>none</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> · mã hồ sơ trùng với quầy khác: {codes}</source>
        <translation> · dossier codes also issued by another counter: {codes}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>sau khi đăng ký</source>
        <translation>after registration</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{when} (khi phần mềm đang mở; nếu tắt máy thì lần mở sau)</source>
        <translation>{when} (while the program is open; if the PC is off, at the next start)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>chưa có</source>
        <translation>never</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Máy chủ: chờ gửi {n} sự kiện · qua mạng {network} · qua tệp USB {file}</source>
        <translation>Server: {n} events waiting · by network {network} · by USB file {file}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Quầy số {no}: còn thiếu {n} sự kiện của quầy này · qua tệp USB {file}</source>
        <translation>Counter {no}: lacks {n} events of this counter · by USB file {file}</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Đang kết nối tới máy chủ…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Đã gửi {n} sự kiện…</source>
        <translation>{n} events sent…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đang lấy lại dữ liệu sau khi khôi phục: đã nhận {n} sự kiện…</source>
        <translation>Taking back data after the restore: {n} events received…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Đã nhận {n} sự kiện…</source>
        <translation>{n} events received…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Đồng bộ xong. {summary}</source>
        <translation>Sync finished. {summary}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Chưa đồng bộ được: {message}
Dữ liệu trên máy này vẫn còn nguyên; các sự kiện chưa gửi sẽ được gửi ở lần đồng bộ sau.</source>
        <translation>Sync did not complete: {message}
The data on this computer is intact; the events not yet sent will be sent at the next sync.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Chỉ quản trị viên được đăng ký quầy.</source>
        <translation>Only administrators may register the counter.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hãy nhập địa chỉ máy chủ và mã đăng ký do máy chủ cấp.</source>
        <translation>Enter the server address and the enrolment code issued by the server.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+2"/>
        <source>Đang đăng ký với máy chủ…</source>
        <translation>Registering with the server…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Đã đăng ký quầy số {n} của «{office}». Bấm «Đồng bộ ngay» để nhận dữ liệu của cơ quan.</source>
        <translation>Registered as counter {n} of “{office}”. Click “Sync now” to receive the office’s data.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Chưa đăng ký được: {message}</source>
        <translation>Registration did not complete: {message}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Đã lưu: tự đồng bộ hằng đêm lúc {at}, rải trong {n} phút.</source>
        <translation>Saved: sync every night at {at}, spread over {n} minutes.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Xuất tệp đồng bộ ra USB</source>
        <translation>Export a sync file to USB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tệp đồng bộ (*.dongbo)</source>
        <translation>Sync files (*.dongbo)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Đã ghi {n} sự kiện chưa gửi vào «{file}». Mang tệp tới máy chủ (hoặc một quầy khác của cơ quan) để nhập, rồi mang tệp trả lời về và bấm «Nhập tệp USB…».</source>
        <translation>Wrote {n} unsent events to “{file}”. Take the file to the server (or another counter of the office) to import, then bring the answer file back and press “Import USB file…”.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Nhập tệp đồng bộ từ USB</source>
        <translation>Import a sync file from USB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tệp đồng bộ (*.dongbo);;Mọi tệp (*)</source>
        <translation>Sync files (*.dongbo);;All files (*)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Không nhận tệp: {message}</source>
        <translation>File not taken: {message}</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../../ui/sync.py" line="+202"/>
        <source>Đồng bộ: …</source>
        <translation>Sync: …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Đang đồng bộ…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>gửi</source>
        <translation>sent</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>lấy lại</source>
        <translation>taken back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nhận</source>
        <translation>received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đang đồng bộ: đã {what} {n}</source>
        <translation>Syncing: {n} {what}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Đồng bộ: chưa đăng ký</source>
        <translation>Sync: not registered</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>⚠ Chưa lấy lại hồ sơ sau khi khôi phục · hãy đồng bộ</source>
        <translation>⚠ Dossiers not yet taken back after the restore · please sync</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>⚠ Chưa đồng bộ được · {n} chờ gửi</source>
        <translation>⚠ Sync failed · {n} waiting to be sent</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Đồng bộ lúc {when} · {n} chờ gửi</source>
        <translation>Synced at {when} · {n} waiting</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Chưa đồng bộ lần nào · {n} chờ gửi</source>
        <translation>Never synced · {n} waiting</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Máy chủ: {s}</source>
        <translation>Server: {s}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>chưa đăng ký</source>
        <translation>not registered</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dữ liệu vừa được khôi phục từ bản sao lưu: những hồ sơ quầy này đã gửi lên máy chủ sau thời điểm sao lưu chưa được lấy lại. Hãy đồng bộ trước khi tiếp nhận hồ sơ mới.</source>
        <translation>The data was just restored from a backup: the dossiers this counter sent to the server after the backup have not been taken back yet. Sync before receiving new dossiers.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lỗi gần nhất: {e}</source>
        <translation>Last error: {e}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bấm để mở bảng đồng bộ (Ctrl+Shift+S).</source>
        <translation>Click to open the sync panel (Ctrl+Shift+S).</translation>
    </message>
</context>
<context>
    <name>TokenTab</name>
    <message>
        <location filename="../../ui/screens/settings/token.py" line="+43"/>
        <source>Để trống: lưu bản số hóa không ký</source>
        <translation>Leave empty: digitised copies are saved unsigned</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>có trên máy này</source>
        <translation>on this PC</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>chưa cài</source>
        <translation>not installed</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Chọn tệp…</source>
        <translation>&amp;Choose file…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Thư viện ký số (PKCS#11)</source>
        <translation>Signing library (PKCS#11)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Để trống: token đầu tiên đang cắm</source>
        <translation>Leave empty: the first token plugged in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tên token</source>
        <translation>Token name</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chỉ để kiểm tra, không được lưu</source>
        <translation>Only for the check, never stored</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mã PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Kiểm tra token</source>
        <translation>&amp;Check token</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Mỗi nhà cung cấp chữ ký số (VNPT-CA, Viettel-CA, Ban Cơ yếu Chính phủ…) cài một tệp thư viện (.dll trên Windows, .so trên Linux). Các đường dẫn gợi ý chỉ là nơi thường gặp: hãy chọn đúng tệp phần mềm của nhà cung cấp đã cài.</source>
        <translation>Each digital signature provider (VNPT-CA, Viettel-CA, the Government Cipher Committee…) installs a library file (.dll on Windows, .so on Linux). The suggested paths are only the usual places: choose the file the provider&apos;s software actually installed.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Chọn thư viện ký số (PKCS#11)</source>
        <translation>Choose the signing library (PKCS#11)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thư viện PKCS#11 (*.dll *.so *.so.* *.dylib);;Mọi tệp (*)</source>
        <translation>PKCS#11 libraries (*.dll *.so *.so.* *.dylib);;All files (*)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Đã nạp thư viện: %s</source>
        <translation>Library loaded: %s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Token «%s» (%s)</source>
        <translation>Token «%s» (%s)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Không có chứng thư số nào.</source>
        <translation>No certificate.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Chứng thư số: %s — cấp bởi %s — hết hạn %s</source>
        <translation>Certificate: %s — issued by %s — expires %s</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mã PIN đúng (không được lưu).</source>
        <translation>PIN correct (not stored).</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../ui/dialogs/user.py" line="-106"/>
        <source>Thêm người dùng</source>
        <translation>Add user</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sửa người dùng</source>
        <translation>Edit user</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>chữ không dấu, số, dấu chấm; ví dụ: motcua2</source>
        <translation>letters without accents, digits, dots; e.g. motcua2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ví dụ: Công chức Tư pháp - Hộ tịch</source>
        <translation>e.g. Justice and civil status officer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Được đăng nhập</source>
        <translation>May sign in</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ít nhất 6 ký tự</source>
        <translation>at least 6 characters</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nhập lại mật khẩu</source>
        <translation>type the password again</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chức danh</source>
        <translation>Title</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nhập lại mật khẩu</source>
        <translation>Repeat the password</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Hai lần nhập mật khẩu không giống nhau.</source>
        <translation>The two passwords are not the same.</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <location filename="../../ui/screens/settings/users.py" line="+28"/>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chức danh</source>
        <translation>Title</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Thêm người dùng…</source>
        <translation>&amp;Add user…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Sửa…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đặt lại &amp;mật khẩu…</source>
        <translation>Reset &amp;password…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+41"/>
        <source>&amp;Ngừng cho đăng nhập</source>
        <translation>&amp;Stop sign-in</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>đang dùng</source>
        <translation>active</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ngừng đăng nhập</source>
        <translation>sign-in stopped</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Cho đăng nhập lại</source>
        <translation>&amp;Allow sign-in again</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Đã thêm người dùng {key}.</source>
        <translation>User {key} added.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Đã lưu người dùng {key}.</source>
        <translation>User {key} saved.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Đã đặt mật khẩu mới cho {key}. Hãy báo cho người dùng đổi khi cần.</source>
        <translation>New password set for {key}. Tell the user to change it when needed.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Không thể tự ngừng tài khoản đang đăng nhập.</source>
        <translation>You cannot stop the account you are signed in with.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{name} được đăng nhập lại.</source>
        <translation>{name} may sign in again.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} không còn đăng nhập được.</source>
        <translation>{name} can no longer sign in.</translation>
    </message>
</context>
<context>
    <name>actions</name>
    <message>
        <location filename="../../ui/dialogs/actions.py" line="+79"/>
        <source>Chu&amp;yển xử lý</source>
        <translation>&amp;Hand over</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Người nhận</source>
        <translation>Receiver</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bộ phận</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Liên thông (gửi cơ quan khác)</source>
        <translation>Inter-agency (sent to another body)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+25"/>
        <source>Số hiệu bưu gửi</source>
        <translation>Postal consignment number</translation>
    </message>
    <message>
        <location line="-24"/>
        <location line="+25"/>
        <location line="+81"/>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="-91"/>
        <source>&amp;Nhận lại hồ sơ</source>
        <translation>&amp;Take back</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Người giao</source>
        <translation>Handed back by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cơ quan, bộ phận giao</source>
        <translation>Body handing it over</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nhận lại từ cơ quan liên thông</source>
        <translation>Back from the other body</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Đã có &amp;kết quả</source>
        <translation>&amp;Resolved</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Giải quyết</source>
        <translation>Granted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Không giải quyết</source>
        <translation>Not granted</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ghi chú kết quả</source>
        <translation>Result note</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kết quả điện tử (PDF)</source>
        <translation>Electronic result (PDF)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mã PIN chữ ký số</source>
        <translation>Signing token PIN</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Yêu cầu &amp;bổ sung</source>
        <translation>Request &amp;supplement</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)</source>
        <translation>Documents to add (one per line)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nhận giấy tờ bổ &amp;sung</source>
        <translation>Receive supplement &amp;documents</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>X&amp;in lỗi, hẹn lại</source>
        <translation>&amp;Apologise, new date</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lý do quá hạn</source>
        <translation>Reason for the delay</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Đánh giá hài &amp;lòng</source>
        <translation>Satisfaction &amp;survey</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/action_dialog.py" line="-253"/>
        <source>Chưa thu đủ phí, lệ phí: còn {m}. Hãy thu (F9) trước khi trả kết quả, nếu công dân chưa nộp.</source>
        <translation>The fee is not fully paid: {m} still owed. Collect it (F9) before returning the result, if the citizen has not paid.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/actions.py" line="-61"/>
        <source>Giấy tờ đã nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Hẹn trả mới</source>
        <translation>New due date</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lãnh đạo cho phép hẹn lại lần nữa</source>
        <translation>A leader allows another new date</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Trả kết &amp;quả</source>
        <translation>Re&amp;turn result</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Người nhận kết quả</source>
        <translation>Collected by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hình thức trả</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Thu &amp;phí, lệ phí</source>
        <translation>Record &amp;payment</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Số tiền (đồng)</source>
        <translation>Amount (VND)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hình thức thanh toán</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Số biên lai</source>
        <translation>Receipt number</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Mức độ hài lòng</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>— Chọn theo lời công dân —</source>
        <translation>— As the citizen answers —</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ý kiến</source>
        <translation>Comments</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Dừng giải quyết</source>
        <translation>S&amp;top processing</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lý do dừng (theo đề nghị của công dân)</source>
        <translation>Reason for stopping (at the citizen’s request)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Rút hồ sơ</source>
        <translation>&amp;Withdraw</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lý do rút hồ sơ</source>
        <translation>Reason for withdrawal</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Xử lý x&amp;ung đột</source>
        <translation>Resolve &amp;conflict</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cách xử lý (sau khi đối chiếu hồ sơ giấy)</source>
        <translation>Resolution (after checking the paper file)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Ghi chú</source>
        <translation>N&amp;ote</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nội dung</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/action_dialog.py" line="-8"/>
        <source>Số tiền khác phí, lệ phí</source>
        <translation>Amount differs from the fee</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Số tiền thu {amount} khác số phí, lệ phí còn phải nộp {owed} (phí, lệ phí {fee}). Vẫn ghi nhận số tiền này?</source>
        <translation>The amount {amount} differs from the fee still owed, {owed} (fee {fee}). Record this amount anyway?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Vẫn thu số tiền này</source>
        <translation>Collect this amount</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sửa số tiền</source>
        <translation>Correct the amount</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hãy chọn «{what}».</source>
        <translation>Please choose «{what}».</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đã ghi nhận «{rating}». Ghi nhận lần này sẽ thay cho đánh giá trước.</source>
        <translation>Recorded: «{rating}». Recording again replaces the earlier rating.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Giấy tờ đã yêu cầu bổ sung (Space: đã nhận)</source>
        <translation>Documents requested (Space: received)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Không tìm thấy danh sách giấy tờ đã yêu cầu.</source>
        <translation>The list of requested documents was not found.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bản chính</source>
        <translation>Originals</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Giấy tờ khác (nếu có), gõ tên</source>
        <translation>Other documents (if any), type the name</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>lúc</source>
        <translation>at</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hẹn trả hiện tại</source>
        <translation>Current due date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{due} (đã quá hạn)</source>
        <translation>{due} (overdue)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quy trình</source>
        <translation>Process</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đang ở bước {n}: {name}, hạn {due}</source>
        <translation>At step {n}: {name}, due {due}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chuyển sang bước {n}: {name} ({body}), hạn {due}</source>
        <translation>Hands over to step {n}: {name} ({body}), due {due}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sau khi ghi nhận sẽ in: {form}.</source>
        <translation>After recording, this prints: {form}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ghi nhận</source>
        <translation>Record</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gõ vài chữ, ↓ chọn lý do đã dùng</source>
        <translation>Type a few letters, ↓ picks a reason used before</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>forms</name>
    <message>
        <location filename="../../ui/printing.py" line="+37"/>
        <source>Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả</source>
        <translation>Form 01 – Receipt and appointment for the result</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Form 02 – Request to complete the dossier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ</source>
        <translation>Form 03 – Refusal to receive the dossier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mẫu 04 – Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết</source>
        <translation>Form 04 – Apology and request to extend the processing time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mẫu 05 – Thông báo dừng giải quyết hồ sơ</source>
        <translation>Form 05 – Notice that processing has stopped</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mẫu 06 – Phiếu kiểm soát quá trình giải quyết hồ sơ</source>
        <translation>Form 06 – Processing control sheet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mẫu 07 – Sổ theo dõi hồ sơ</source>
        <translation>Form 07 – Dossier register</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phiếu hẹn (khổ nhỏ)</source>
        <translation>Appointment slip (small)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Biên lai thu phí, lệ phí</source>
        <translation>Fee receipt</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../ui/labels.py" line="+13"/>
        <source>DỮ LIỆU MẪU</source>
        <translation>DEMO DATA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mới đăng ký</source>
        <translation>Registered online</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Được tiếp nhận</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Không được tiếp nhận</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đang xử lý</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yêu cầu bổ sung</source>
        <translation>Supplement requested</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yêu cầu thực hiện nghĩa vụ tài chính</source>
        <translation>Financial obligation requested</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Công dân yêu cầu rút hồ sơ</source>
        <translation>Withdrawn by the citizen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dừng xử lý</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đã xử lý xong</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đã trả kết quả</source>
        <translation>Result returned</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trực tiếp</source>
        <translation>In person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qua bưu chính công ích</source>
        <translation>By public postal service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tại Bộ phận Một cửa</source>
        <translation>At the one-stop counter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qua dịch vụ bưu chính công ích</source>
        <translation>By public postal service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tiền mặt</source>
        <translation>Cash</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chuyển khoản</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thẻ</source>
        <translation>Card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thanh toán trực tuyến</source>
        <translation>Online payment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Không hài lòng</source>
        <translation>Not satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hài lòng</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rất hài lòng</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trước hạn</source>
        <translation>Ahead of time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trong hạn</source>
        <translation>In time</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sắp đến hạn</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đến hạn hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đến hạn ngày làm việc tiếp theo</source>
        <translation>Due next working day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quá hạn, chưa xin lỗi</source>
        <translation>Overdue, no apology yet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chậm ở bước đang xử lý</source>
        <translation>Late at the current step</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Toàn bộ</source>
        <translation>All</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Công chức một cửa</source>
        <translation>Counter clerk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Công chức chuyên môn</source>
        <translation>Specialist</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lãnh đạo</source>
        <translation>Leader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quản trị</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ngày làm việc</source>
        <translation>working days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>giờ làm việc</source>
        <translation>working hours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trong ngày</source>
        <translation>same day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Số hồ sơ nhận giải quyết</source>
        <translation>Dossiers to handle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tổng số</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kỳ trước chuyển qua</source>
        <translation>Carried over</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mới nhận trực tiếp</source>
        <translation>New, in person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mới nhận qua bưu chính</source>
        <translation>New, by post</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mới nhận trực tuyến</source>
        <translation>New, online</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Số hồ sơ đã giải quyết</source>
        <translation>Dossiers resolved</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Số hồ sơ đang giải quyết</source>
        <translation>Dossiers in progress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Không tiếp tục giải quyết</source>
        <translation>Not continued</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Từ chối</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dừng</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rút</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kết quả khác</source>
        <translation>Other figures</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Văn bản xin lỗi</source>
        <translation>Apology letters</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tỷ lệ đúng hạn</source>
        <translation>On-time rate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thời gian xử lý TB (ngày)</source>
        <translation>Mean processing time (days)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trong ngày</source>
        <translation>Same day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Dossier received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bàn giao hồ sơ</source>
        <translation>Dossier handed over</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yêu cầu bổ sung hồ sơ</source>
        <translation>Supplement requested</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nhận hồ sơ bổ sung</source>
        <translation>Supplement received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đã thực hiện nghĩa vụ tài chính</source>
        <translation>Financial obligation met</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Từ chối tiếp nhận</source>
        <translation>Refused at intake</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Xin lỗi và hẹn lại ngày trả</source>
        <translation>Apology and new due date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Công dân rút hồ sơ</source>
        <translation>Withdrawn by the citizen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dừng giải quyết theo đề nghị của công dân</source>
        <translation>Stopped at the citizen’s request</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trả kết quả</source>
        <translation>Result returned</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ghi nhận thu phí, lệ phí</source>
        <translation>Payment recorded</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ghi nhận đánh giá hài lòng</source>
        <translation>Survey recorded</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In phiếu</source>
        <translation>Form printed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Xử lý xung đột dữ liệu</source>
        <translation>Data conflict resolved</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Số hóa thành phần hồ sơ</source>
        <translation>Dossier paper digitised</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Thủ tục này không thu phí, lệ phí.</source>
        <translation>This procedure has no fee.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đã thu đủ phí, lệ phí ({paid}).</source>
        <translation>The fee has been paid in full ({paid}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hồ sơ này không có xung đột dữ liệu.</source>
        <translation>This dossier has no data conflict.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Máy chủ không trả lời kịp (hết thời gian chờ). Đường truyền có thể đang chậm.</source>
        <translation>The server did not answer in time (timeout). The connection may be slow.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Không kết nối được tới máy chủ đồng bộ. Hãy kiểm tra mạng Internet.</source>
        <translation>Could not connect to the sync server. Check the Internet connection.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kết nối tới máy chủ bị ngắt giữa chừng.</source>
        <translation>The connection to the server was cut off.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lỗi không xác định khi đồng bộ.</source>
        <translation>Unknown error while syncing.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Đồng bộ thất bại.</source>
        <translation>Sync failed.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Máy chủ trả về dữ liệu không đọc được.</source>
        <translation>The server sent data that cannot be read.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Máy chủ từ chối quầy này; hãy đăng ký lại.</source>
        <translation>The server refuses this counter; register it again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://.</source>
        <translation>The server address must start with http:// or https://.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Máy chủ trả về dữ liệu không đúng định dạng đồng bộ.</source>
        <translation>The server sent data that is not in the sync format.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Máy chủ đồng bộ chưa hỗ trợ lấy lại dữ liệu của quầy sau khi khôi phục. Hãy nhờ quản trị máy chủ nâng cấp, rồi đồng bộ lại trước khi tiếp nhận hồ sơ mới.</source>
        <translation>The sync server cannot yet give a counter its data back after a restore. Ask the server&apos;s administrator to upgrade it, then sync again before receiving new dossiers.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Chỉ quản trị viên được sao lưu và khôi phục dữ liệu.</source>
        <translation>Only administrators may back up and restore data.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chỉ quản trị viên được quản lý người dùng.</source>
        <translation>Only administrators may manage users.</translation>
    </message>
</context>
<context>
    <name>printing</name>
    <message>
        <location filename="../../ui/printing.py" line="+20"/>
        <source>Chưa có mô-đun in biểu mẫu.</source>
        <translation>The form printing module is missing.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Chức năng in biểu mẫu chưa được cài đặt trong phiên bản này. Hồ sơ đã được lưu; có thể in lại sau từ màn hình hồ sơ.</source>
        <translation>Form printing is not installed in this version. The dossier is saved; it can be printed later from the dossier screen.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Không tạo được biểu mẫu để in. Hồ sơ vẫn được lưu.</source>
        <translation>The form could not be created. The dossier is still saved.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Tệp biểu mẫu bị lỗi, không mở được để xem trước.</source>
        <translation>The form file is damaged and cannot be previewed.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Không tìm thấy máy in «{name}». Hãy bật máy in, kiểm tra cáp, hoặc chọn máy in khác trong Cài đặt. Hồ sơ đã được lưu; bấm «In lại» khi máy in sẵn sàng.</source>
        <translation>Printer “{name}” was not found. Switch the printer on, check the cable or choose another printer in Settings. The dossier is saved; click “Reprint” when the printer is ready.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Máy in không sẵn sàng (chưa bật, hết giấy hoặc chưa kết nối). Hồ sơ đã được lưu; bấm «In lại» khi máy in sẵn sàng.</source>
        <translation>The printer is not ready (off, out of paper or not connected). The dossier is saved; click “Reprint” when the printer is ready.</translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <location filename="../../ui/tasks.py" line="+54"/>
        <source>Có lỗi không mong muốn. Thao tác chưa hoàn tất; hãy thử lại.</source>
        <translation>An unexpected error occurred. The operation did not complete; please try again.</translation>
    </message>
</context>
</TS>
