<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="vi_VN">
<context>
    <name>DossierScreen</name>
    <message>
        <location filename="../../ui/screens/dossier.py" line="49"/>
        <source>← Quay lại (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="52"/>
        <source>Thông tin hồ sơ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="77"/>
        <source>Thời điểm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="78"/>
        <source>Sự kiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="79"/>
        <source>Người thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="80"/>
        <source>Chi tiết</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="88"/>
        <source>Quá trình giải quyết</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="98"/>
        <source>Thao tác</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="114"/>
        <source>&amp;In / In lại (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="117"/>
        <source>Biểu mẫu:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="161"/>
        <source> · đã xin lỗi {n} lần</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="163"/>
        <source> · CÓ XUNG ĐỘT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="169"/>
        <source> (hạn ban đầu {d})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="172"/>
        <source> · đã thu {m} ({how})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="207"/>
        <source>{label} (xung đột)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="223"/>
        <source>Hồ sơ đang «{status}»: không thể {action}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossier.py" line="240"/>
        <source>Đã ghi nhận: {action}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DossierTableModel</name>
    <message>
        <location filename="../../ui/models/dossier_table.py" line="46"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../ui/models/dossier_table.py" line="47"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/models/dossier_table.py" line="48"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../ui/models/dossier_table.py" line="49"/>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/models/dossier_table.py" line="50"/>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/models/dossier_table.py" line="51"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/models/dossier_table.py" line="52"/>
        <source>Tiến độ</source>
        <translation>Timeliness</translation>
    </message>
    <message>
        <location filename="../../ui/models/dossier_table.py" line="53"/>
        <source>Hình thức nộp</source>
        <translation>Channel</translation>
    </message>
</context>
<context>
    <name>DossiersScreen</name>
    <message>
        <location filename="../../ui/screens/dossiers.py" line="61"/>
        <source>Tìm theo tên, số định danh, mã hồ sơ, tên thủ tục (không cần dấu)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossiers.py" line="65"/>
        <source>Mọi trạng thái</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossiers.py" line="69"/>
        <source>Mọi tiến độ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossiers.py" line="81"/>
        <source>Mọi hình thức nộp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossiers.py" line="136"/>
        <source>Mọi thủ tục</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossiers.py" line="163"/>
        <source>Đang tìm…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/dossiers.py" line="199"/>
        <source>{n} hồ sơ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../ui/screens/home.py" line="17"/>
        <source>Đến hạn trả hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="20"/>
        <source>Đến hạn ngày làm việc tiếp theo, chưa xong (cần xin lỗi)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="23"/>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="26"/>
        <source>Quá hạn chưa có văn bản xin lỗi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="29"/>
        <source>Chờ công dân bổ sung</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="30"/>
        <source>Đã có kết quả, chờ trả</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="31"/>
        <source>Xung đột sau đồng bộ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="42"/>
        <source>Việc hôm nay</source>
        <translation>Today&apos;s work</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="54"/>
        <source>F2: tiếp nhận hồ sơ mới · F3: danh sách hồ sơ · Ctrl+F: tìm · F5: làm mới · quét mã vạch ở bất cứ đâu để mở hồ sơ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="76"/>
        <source>Hôm nay {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="101"/>
        <source>Hôm nay {day} · {place}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeScreen</name>
    <message>
        <location filename="../../ui/screens/intake.py" line="69"/>
        <source>Gõ mã, tên hoặc lĩnh vực (không cần dấu), ↓ chọn, Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="77"/>
        <source>Thủ tục hành chính</source>
        <translation>Administrative procedure</translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="86"/>
        <source>Đã nhận</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="86"/>
        <source>Giấy tờ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="86"/>
        <source>Bản chính</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="86"/>
        <source>Bản sao</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="95"/>
        <source>Nhận đủ tất cả (Ctrl+D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="96"/>
        <source>Thành phần hồ sơ (Space: đánh dấu đã nhận)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="103"/>
        <source>12 chữ số, hoặc quét mã QR trên thẻ CCCD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="106"/>
        <source>dd/mm/yyyy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="108"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="109"/>
        <source>Nam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="110"/>
        <source>Nữ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="121"/>
        <source>Số nhà, đường, thôn/ấp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="122"/>
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="124"/>
        <source>Số định danh</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="125"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="128"/>
        <source>Giới tính</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="130"/>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="133"/>
        <source>Thư điện tử</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="135"/>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="136"/>
        <source>Tỉnh, thành phố</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="137"/>
        <source>Xã, phường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="138"/>
        <source>Địa chỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="149"/>
        <source>Chưa thu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="151"/>
        <source>Đã thu: {how}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="153"/>
        <source>Từ chối tiếp nhận (Mẫu 03), lý do:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="158"/>
        <source>Khi thiếu giấy tờ: lý do in trên Mẫu 02 (không bắt buộc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="160"/>
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="162"/>
        <source>Hình thức nộp</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="163"/>
        <source>Nhận kết quả</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="167"/>
        <source>Phí, lệ phí</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="168"/>
        <source>Ghi chú</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="169"/>
        <source>Lý do bổ sung</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="178"/>
        <source>&amp;Lưu và in (Ctrl+S)</source>
        <translation>&amp;Save and print (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="180"/>
        <source>In lại phiếu vừa lưu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="182"/>
        <source>Mở hồ sơ vừa lưu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="184"/>
        <source>Làm lại</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="187"/>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Receive a dossier</translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="193"/>
        <source>Hẹn trả kết quả</source>
        <translation>Result due</translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="323"/>
        <source>{field} · Thời hạn: {time} · Phí, lệ phí: {fee}{result}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="351"/>
        <source> (nếu có)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="396"/>
        <source>Chọn thủ tục để tính ngày hẹn trả.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="400"/>
        <source>Từ chối tiếp nhận: in Mẫu 03.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="405"/>
        <source>Hồ sơ chưa đủ: in Phiếu yêu cầu bổ sung (Mẫu 02).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="407"/>
        <source>Còn thiếu: {docs}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="413"/>
        <source>Hẹn trả: {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="416"/>
        <source>{time}; {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="440"/>
        <source>Đã điền thông tin của {name} từ hồ sơ trước.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="464"/>
        <source>Đã đọc thẻ CCCD của {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="502"/>
        <source>Ngày sinh phải có dạng ngày/tháng/năm, ví dụ 05/09/1990.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="522"/>
        <source>Hãy chọn thủ tục hành chính.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="539"/>
        <source>Hãy ghi lý do từ chối.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="552"/>
        <source> Đã thu {fee}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="554"/>
        <source> Chưa ghi được khoản thu: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="568"/>
        <source>Đã tiếp nhận hồ sơ {code}, hẹn trả {due}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="574"/>
        <source>Đã lưu hồ sơ {code}: yêu cầu bổ sung {docs} (Mẫu 02).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/intake.py" line="578"/>
        <source>Đã lưu hồ sơ {code}: từ chối tiếp nhận (Mẫu 03).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="59"/>
        <source>Bộ phận Một cửa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="70"/>
        <source>Trang chủ
Ctrl+1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="71"/>
        <source>Tiếp nhận
F2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="72"/>
        <source>Hồ sơ
F3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="73"/>
        <source>Cài đặt
Ctrl+,</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="149"/>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="150"/>
        <source>&amp;Hồ sơ</source>
        <translation>&amp;Dossier</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151"/>
        <source>&amp;Xem</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153"/>
        <source>Tiếp nhận hồ sơ mới</source>
        <translation>New intake</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="156"/>
        <source>Danh sách hồ sơ</source>
        <translation>Dossier list</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="159"/>
        <source>Tìm hồ sơ</source>
        <translation>Find a dossier</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="162"/>
        <source>In</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166"/>
        <source>Lưu hồ sơ đang tiếp nhận</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171"/>
        <source>Trang chủ</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177"/>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>Khóa màn hình</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="180"/>
        <source>Đăng xuất</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181"/>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="212"/>
        <source>Quầy {n} · {name} ({role})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="241"/>
        <source>Chỉ quản trị viên được vào Cài đặt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="289"/>
        <source>Không tìm thấy hồ sơ mã «{code}».</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../../ui/dialogs/print_preview.py" line="42"/>
        <source>Xem trước: {title} – {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_preview.py" line="52"/>
        <source>&amp;In (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_preview.py" line="54"/>
        <source>&amp;Lưu PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_preview.py" line="55"/>
        <source>Đóng (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_preview.py" line="83"/>
        <source>&amp;In lại (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_preview.py" line="95"/>
        <source>Lưu biểu mẫu thành PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_preview.py" line="97"/>
        <source>Tệp PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_preview.py" line="106"/>
        <source>Không ghi được tệp {path}: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_preview.py" line="116"/>
        <source>Đã lưu {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../../ui/screens/settings.py" line="64"/>
        <source>Cơ quan và quầy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="65"/>
        <source>Ngày nghỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="66"/>
        <source>Máy in và khổ giấy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="67"/>
        <source>Người dùng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="68"/>
        <source>Danh mục thủ tục</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="69"/>
        <source>&amp;Lưu cài đặt (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="72"/>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="107"/>
        <source>Số quầy của máy này</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="112"/>
        <source>Ngày</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="112"/>
        <source>Loại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="112"/>
        <source>Ghi chú</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="120"/>
        <source>Lý do, số quyết định…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="121"/>
        <source>Thêm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="122"/>
        <source>Xóa ngày đã chọn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="147"/>
        <source>Máy in mặc định</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="160"/>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="160"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="160"/>
        <source>Vai trò</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="162"/>
        <source>tên đăng nhập</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="164"/>
        <source>họ và tên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="170"/>
        <source>mật khẩu (ít nhất 6 ký tự)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="171"/>
        <source>Thêm người dùng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="186"/>
        <source>Mã</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="187"/>
        <source>Tên thủ tục</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="188"/>
        <source>Thời hạn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="189"/>
        <source>Phí</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="190"/>
        <source>Áp dụng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="207"/>
        <source>Đang áp dụng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="208"/>
        <source>Ngừng áp dụng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="209"/>
        <source>Lưu thủ tục</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="263"/>
        <source>có</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="263"/>
        <source>không</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="306"/>
        <source>Đã lưu cài đặt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="318"/>
        <source>Đã thêm ngày {d}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="330"/>
        <source>Đã xóa ngày {d}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="343"/>
        <source>Đã thêm người dùng.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="362"/>
        <source>Hãy chọn một thủ tục trong danh sách.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="383"/>
        <source>Đã lưu thủ tục {code}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <location filename="../../ui/screens/signin.py" line="37"/>
        <location filename="../../ui/screens/signin.py" line="43"/>
        <location filename="../../ui/screens/signin.py" line="115"/>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="40"/>
        <source>ví dụ: motcua</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="48"/>
        <source>Tài khoản mẫu: motcua / motcua123 (một cửa), chuyenvien / chuyenvien123, lanhdao / lanhdao123, admin / admin123.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="58"/>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="59"/>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="111"/>
        <source>Màn hình đã khóa</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="121"/>
        <source>Đang mở dữ liệu, xin chờ giây lát…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <location filename="../../ui/tasks.py" line="45"/>
        <source>Có lỗi không mong muốn. Thao tác chưa hoàn tất; hãy thử lại.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
